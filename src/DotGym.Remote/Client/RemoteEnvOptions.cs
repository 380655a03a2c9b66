namespace DotGym.Remote.Client;

/// <summary>How a trainer connects to env servers.</summary>
public sealed record RemoteEnvOptions
{
    /// <summary>The servers' shared token (sent as metadata <c>dotgym-token</c>); null when they need none.</summary>
    public string? Token { get; init; }

    /// <summary>How long to wait for a connection and the handshake (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a reset or step may take before the server counts as dead (default 60 s: room for slow simulators).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>HTTP/2 pings after this much silence find dead servers between calls (default 15 s; they must answer within as long).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest message accepted or sent, in bytes (default 16 MiB).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Envs to ask each server for; 0 (the default) takes as many as it gives.</summary>
    public int NumEnvsPerServer { get; init; }

    /// <summary>Who connects, shown in the servers' logs.</summary>
    public string ClientName { get; init; } = $"{Environment.MachineName} pid {Environment.ProcessId}";

    internal void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero || ReplyTimeout <= TimeSpan.Zero || KeepAlive <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ReplyTimeout), "ConnectTimeout, ReplyTimeout and KeepAlive must be positive.");
        if (MaxMessageBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, "MaxMessageBytes must be at least 1024.");
        if (NumEnvsPerServer < 0) throw new ArgumentOutOfRangeException(nameof(NumEnvsPerServer), NumEnvsPerServer, "NumEnvsPerServer must be 0 (all the server gives) or more.");
    }
}
