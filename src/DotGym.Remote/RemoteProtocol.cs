using DotGym.Vector;
using Proto = DotGym.Remote.Protocol;

namespace DotGym.Remote;

/// <summary>Constants and small conversions both sides of the remote protocol share.</summary>
internal static class RemoteProtocol
{
    /// <summary>The protocol version this code speaks (<c>Hello.protocol_version</c>).</summary>
    public const uint Version = 1;

    /// <summary>The metadata key that carries the shared token.</summary>
    public const string TokenHeader = "dotgym-token";

    public static readonly string ServerName = $"DotGym.Remote {typeof(RemoteProtocol).Assembly.GetName().Version}";

    public static Proto.AutoresetMode ToProto(AutoresetMode mode) => mode switch
    {
        AutoresetMode.NextStep => Proto.AutoresetMode.NextStep,
        AutoresetMode.SameStep => Proto.AutoresetMode.SameStep,
        _ => Proto.AutoresetMode.Disabled,
    };

    public static AutoresetMode FromProto(Proto.AutoresetMode mode) => mode switch
    {
        Proto.AutoresetMode.NextStep or Proto.AutoresetMode.Unspecified => AutoresetMode.NextStep,
        Proto.AutoresetMode.SameStep => AutoresetMode.SameStep,
        Proto.AutoresetMode.Disabled => AutoresetMode.Disabled,
        _ => throw new InvalidDataException($"Unknown autoreset mode {mode} in the handshake."),
    };
}
