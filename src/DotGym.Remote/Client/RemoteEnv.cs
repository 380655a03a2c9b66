using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Remote.Client;

/// <summary>
/// One env of an env server as an ordinary <see cref="Env{TObs,TAct}"/> (a session with one env), e.g. to evaluate a
/// trained agent on the remote env. Its randomness lives on the server: <c>Reset(seed)</c> seeds the server's env.
/// A reset whose session is gone (the server dropped it as idle, or restarted) opens a new one once, since a reset
/// starts a fresh episode anyway; a step never reconnects: its episode is lost with the session.
/// </summary>
public sealed class RemoteEnv<TObs, TAct> : Env<TObs, TAct>
{
    private readonly Func<RemoteVectorEnv<TObs, TAct>> _connect;
    private readonly TAct[] _action = new TAct[1];
    private RemoteVectorEnv<TObs, TAct> _envs;

    internal RemoteEnv(RemoteVectorEnv<TObs, TAct> envs, Func<RemoteVectorEnv<TObs, TAct>> connect)
    {
        _envs = envs;
        _connect = connect;
        Spec = envs.Spec;
    }

    public override Space<TObs> ObservationSpace => _envs.SingleObservationSpace;
    public override Space<TAct> ActionSpace => _envs.SingleActionSpace;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        VectorResetResult<TObs> result;
        try
        {
            result = _envs.Reset(seed, options);
        }
        catch (RemoteEnvException)
        {
            _envs.Dispose();
            _envs = _connect();
            result = _envs.Reset(seed, options);
        }
        return new ResetResult<TObs>(result.Observations.View(0), result.Infos[0]);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        _action[0] = action;
        var result = _envs.Step(_action);
        return new StepResult<TObs>(result.Observations.View(0), result.Rewards[0], result.Terminated[0], result.Truncated[0], result.Infos[0]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _envs.Dispose();
    }

    public override string ToString() => $"RemoteEnv<{_envs.EnvId}>({_envs.Addresses[0]})";
}

/// <summary>Connects one remote env.</summary>
public static class RemoteEnv
{
    /// <summary>Opens a one-env session with the server at <paramref name="address"/> (<c>HOST:PORT</c>).</summary>
    public static IEnv Connect(string address, RemoteEnvOptions? options = null)
    {
        var single = (options ?? new RemoteEnvOptions()) with { NumEnvsPerServer = 1 };
        return RemoteVectorEnv.Connect([address], single).Accept(new Single(address, single));
    }

    private sealed class Single(string address, RemoteEnvOptions options) : IVectorEnvVisitor<IEnv>
    {
        // Reconnecting must find the same spaces: the typed Connect fails clearly when the server now hosts others.
        public IEnv Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) => new RemoteEnv<TObs, TAct>((RemoteVectorEnv<TObs, TAct>)env, () =>
        {
            var again = RemoteVectorEnv.Connect<TObs, TAct>([address], options);
            if (again.SingleObservationSpace.Equals(env.SingleObservationSpace) && again.SingleActionSpace.Equals(env.SingleActionSpace)) return again;
            string now = $"{again.SingleObservationSpace} -> {again.SingleActionSpace}";
            again.Dispose();
            throw new RemoteEnvException(address, $"The env server at {address} now hosts {now}, not {env.SingleObservationSpace} -> {env.SingleActionSpace}; it is another env.");
        });
    }
}
