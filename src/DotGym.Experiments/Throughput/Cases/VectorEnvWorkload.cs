using DotGym.Vector;

namespace DotGym.Experiments.Throughput.Cases;

/// <summary>
/// Core's vector envs over envs the caller makes: one iteration steps all sub-envs (with their wrappers) in one
/// <see cref="VectorEnv{TObs, TAct}.Step(ReadOnlySpan{TAct})"/> call.
/// </summary>
public sealed class VectorEnvWorkload<TObs> : BatchStepWorkload
{
    private readonly VectorEnv<TObs, int> _env;

    /// <param name="count">Number of sub-envs.</param>
    /// <param name="makeEnv">Makes sub-env <c>i</c> (e.g. <c>i => new TimeLimit&lt;float[], int&gt;(new CartPoleEnv(), 500)</c>).</param>
    /// <param name="threaded">A <see cref="ThreadedVectorEnv{TObs, TAct}"/> (one worker per core) instead of a <see cref="SyncVectorEnv{TObs, TAct}"/>.</param>
    /// <param name="actionCount">Number of discrete actions of the sub-envs.</param>
    public VectorEnvWorkload(int count, Func<int, Env<TObs, int>> makeEnv, bool threaded, int actionCount = 2) : base(count, actionCount)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        _env = threaded ? new ThreadedVectorEnv<TObs, int>(count, makeEnv) : new SyncVectorEnv<TObs, int>(count, makeEnv);
        _env.Reset(seed: 0);
        AllocationsOnCallingThread = !threaded;
    }

    public override bool AllocationsOnCallingThread { get; }

    protected override void StepAll(ReadOnlySpan<int> actions) => _env.Step(actions);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _env.Dispose();
    }
}
