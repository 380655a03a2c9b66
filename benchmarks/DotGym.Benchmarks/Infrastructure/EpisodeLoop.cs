namespace DotGym.Benchmarks.Infrastructure;

/// <summary>
/// Steps one env with recorded random actions, resetting when an episode ends, the way a training loop does.
/// The reset cost is therefore amortised into the per-step time.
/// </summary>
/// <typeparam name="TObs">Observation type.</typeparam>
/// <typeparam name="TAct">Action type.</typeparam>
public sealed class EpisodeLoop<TObs, TAct> : IDisposable
{
    private readonly Env<TObs, TAct> _env;
    private readonly ActionTape<TAct> _actions;
    private readonly int _episodeLimit;
    private int _episodeSteps;

    /// <summary>Resets <paramref name="env"/> with <paramref name="seed"/> and records its random actions.</summary>
    /// <param name="env">The env to drive (disposed with this loop).</param>
    /// <param name="episodeLimit">
    /// Reset after this many steps even without termination: the registered limit, counted here so that a raw env
    /// gets realistic episode lengths without paying for a <c>TimeLimit</c> wrapper. Null: reset only when the env
    /// itself terminates or truncates.
    /// </param>
    /// <param name="seed">Seed for the first reset and for the recorded actions.</param>
    public EpisodeLoop(Env<TObs, TAct> env, int? episodeLimit = null, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (episodeLimit is <= 0)
            throw new ArgumentOutOfRangeException(nameof(episodeLimit), episodeLimit, "episodeLimit must be at least 1 step (or null for no limit).");
        _env = env;
        _episodeLimit = episodeLimit ?? int.MaxValue;
        _env.Reset(seed);
        _actions = new ActionTape<TAct>(env.ActionSpace, seed: seed);
    }

    /// <summary>The env being stepped (outermost wrapper, if any).</summary>
    public Env<TObs, TAct> Env => _env;

    /// <summary>Takes <paramref name="steps"/> steps; returns the summed reward so the work cannot be optimised away.</summary>
    public double Run(int steps)
    {
        double totalReward = 0;
        for (int i = 0; i < steps; i++)
        {
            var result = _env.Step(_actions.Next());
            totalReward += result.Reward;
            if (result.Terminated || result.Truncated || ++_episodeSteps >= _episodeLimit)
            {
                _env.Reset();
                _episodeSteps = 0;
            }
        }
        return totalReward;
    }

    public void Dispose() => _env.Dispose();
}
