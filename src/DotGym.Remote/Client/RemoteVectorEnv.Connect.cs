using DotGym.Remote.Wire;
using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Remote.Client;

/// <summary>Connects to env servers: the untyped entry point that recovers the observation and action types from the handshake.</summary>
public static class RemoteVectorEnv
{
    /// <summary>
    /// Opens a session with every server in <paramref name="addresses"/> (<c>HOST:PORT</c>), checks that they host the
    /// same spaces and autoreset mode, and returns their envs as one vector env, server by server in the order given.
    /// Fails with a <see cref="RemoteEnvException"/> naming the server that cannot be reached, refuses the token or
    /// disagrees with the first.
    /// </summary>
    public static IVectorEnv Connect(IEnumerable<string> addresses, RemoteEnvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        options ??= new RemoteEnvOptions();
        options.Validate();
        var list = addresses.Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one env server address (HOST:PORT), e.g. 127.0.0.1:50051.", nameof(addresses));
        foreach (var a in list) RemoteConnection.ParseAddress(a); // every address is checked before any connects
        var duplicate = list.GroupBy(a => RemoteConnection.ParseAddress(a).ToString()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"The server {duplicate.Key.TrimEnd('/')} is listed twice; list each server once.", nameof(addresses));

        var connections = new List<RemoteConnection>();
        try
        {
            foreach (var address in list) connections.Add(RemoteConnection.Open(address, options.NumEnvsPerServer, options));
            var first = connections[0];
            var observationSpace = Space(first, first.Welcome.ObservationSpace, "observation space");
            var actionSpace = Space(first, first.Welcome.ActionSpace, "action space");
            foreach (var other in connections.Skip(1))
            {
                var otherObservations = Space(other, other.Welcome.ObservationSpace, "observation space");
                var otherActions = Space(other, other.Welcome.ActionSpace, "action space");
                if (!otherObservations.Equals(observationSpace) || !otherActions.Equals(actionSpace) || other.Welcome.AutoresetMode != first.Welcome.AutoresetMode)
                    throw other.Fail($"hosts {other.Welcome.EnvId} ({otherObservations} -> {otherActions}, {other.Welcome.AutoresetMode}) but {first.Address} hosts {first.Welcome.EnvId} ({observationSpace} -> {actionSpace}, {first.Welcome.AutoresetMode}); combine servers of one env only.");
            }
            return Build(connections.ToArray(), observationSpace, actionSpace);
        }
        catch
        {
            foreach (var c in connections) c.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="Connect(IEnumerable{string}, RemoteEnvOptions?)"/>, typed; fails when the servers host other types.</summary>
    public static RemoteVectorEnv<TObs, TAct> Connect<TObs, TAct>(IEnumerable<string> addresses, RemoteEnvOptions? options = null)
    {
        var envs = Connect(addresses, options);
        if (envs is RemoteVectorEnv<TObs, TAct> typed) return typed;
        string found = $"{envs.SingleObservationSpace} -> {envs.SingleActionSpace}";
        envs.Dispose();
        throw new InvalidOperationException($"The servers host {found}, not observations of {TypeNames.Of<TObs>()} and actions of {TypeNames.Of<TAct>()}; use the untyped Connect.");
    }

    private static Space Space(RemoteConnection connection, Protocol.Space? space, string what)
    {
        try
        {
            return SpaceCodec.FromProto(space, what);
        }
        catch (InvalidDataException e)
        {
            throw connection.Fail($"sent a handshake this client cannot read: {e.Message}", e);
        }
    }

    // Two switches recover TObs and TAct without reflection.
    private static IVectorEnv Build(RemoteConnection[] connections, Space observation, Space action) => observation switch
    {
        Box<float> s => WithObservations(connections, s, action),
        Box<double> s => WithObservations(connections, s, action),
        Box<int> s => WithObservations(connections, s, action),
        Box<byte> s => WithObservations(connections, s, action),
        Discrete s => WithObservations(connections, s, action),
        MultiDiscrete s => WithObservations(connections, s, action),
        MultiBinary s => WithObservations(connections, s, action),
        _ => throw new NotSupportedException($"Observations in {observation} cannot travel."),
    };

    private static IVectorEnv WithObservations<TObs>(RemoteConnection[] connections, Space<TObs> observation, Space action) => action switch
    {
        Discrete s => new RemoteVectorEnv<TObs, int>(connections, observation, s),
        Box<float> s => new RemoteVectorEnv<TObs, float[]>(connections, observation, s),
        Box<double> s => new RemoteVectorEnv<TObs, double[]>(connections, observation, s),
        Box<int> s => new RemoteVectorEnv<TObs, int[]>(connections, observation, s),
        Box<byte> s => new RemoteVectorEnv<TObs, byte[]>(connections, observation, s),
        MultiDiscrete s => new RemoteVectorEnv<TObs, int[]>(connections, observation, s),
        MultiBinary s => new RemoteVectorEnv<TObs, byte[]>(connections, observation, s),
        _ => throw new NotSupportedException($"Actions in {action} cannot travel."),
    };
}
