namespace DotGym.Experiments.Learning;

/// <summary>The outcome of one training run (one algorithm, env and seed) as a learning benchmark sees it.</summary>
/// <param name="Algo">Algorithm name (ppo, a2c, reinforce).</param>
/// <param name="Env">Env id.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="TotalSteps">The run's env-step budget.</param>
/// <param name="FinalReturn">Mean return of the deterministic evaluation episodes after training.</param>
/// <param name="RewardThreshold">The env's reward threshold, if it has one.</param>
/// <param name="StepsToThreshold">First env step at which the mean of the last 20 training returns reached the threshold.</param>
/// <param name="SecondsToThreshold">Training seconds at that point (wall clock).</param>
/// <param name="WallSeconds">Training seconds of the whole run (wall clock).</param>
/// <param name="Curve">(env step, mean of the last 20 training returns) after each training episode.</param>
/// <param name="PeakMemoryMib">Peak working set of the process that trained it, in MiB (null: not recorded).</param>
public sealed record LearningRunResult(
    string Algo, string Env, long Seed, long TotalSteps, double FinalReturn, double? RewardThreshold,
    long? StepsToThreshold, double? SecondsToThreshold, double WallSeconds, IReadOnlyList<(long Step, double MeanReturn)> Curve,
    double? PeakMemoryMib = null)
{
    public bool ReachedThreshold => StepsToThreshold is not null;
}
