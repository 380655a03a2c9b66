using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Remote.Client;

/// <summary>
/// One env of an env server as an ordinary <see cref="Env{TObs,TAct}"/> (a session with one env), e.g. to evaluate a
/// trained agent on the remote env. Its randomness lives on the server: <c>Reset(seed)</c> seeds the server's env.
/// </summary>
public sealed class RemoteEnv<TObs, TAct> : Env<TObs, TAct>
{
    private readonly RemoteVectorEnv<TObs, TAct> _envs;
    private readonly TAct[] _action = new TAct[1];

    internal RemoteEnv(RemoteVectorEnv<TObs, TAct> envs)
    {
        _envs = envs;
        Spec = envs.Spec;
    }

    public override Space<TObs> ObservationSpace => _envs.SingleObservationSpace;
    public override Space<TAct> ActionSpace => _envs.SingleActionSpace;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        var result = _envs.Reset(seed, options);
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
        var envs = RemoteVectorEnv.Connect([address], (options ?? new RemoteEnvOptions()) with { NumEnvsPerServer = 1 });
        return envs.Accept(new Single());
    }

    private sealed class Single : IVectorEnvVisitor<IEnv>
    {
        public IEnv Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) => new RemoteEnv<TObs, TAct>((RemoteVectorEnv<TObs, TAct>)env);
    }
}
