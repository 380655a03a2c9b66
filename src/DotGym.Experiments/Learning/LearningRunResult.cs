namespace DotGym.Experiments.Learning;

/// <summary>The outcome of one training run (one algorithm, env and seed) as a learning benchmark sees it.</summary>
/// <param name="FinalReturn">Mean return of the deterministic evaluation episodes after training.</param>
/// <param name="Curve">(env step, mean of the last 20 training returns) after each training episode.</param>
public sealed record LearningRunResult(
    string Algo, string Env, long Seed, long TotalSteps, double FinalReturn, double? RewardThreshold,
    long? StepsToThreshold, double? SecondsToThreshold, double WallSeconds, IReadOnlyList<(long Step, double MeanReturn)> Curve)
{
    public bool ReachedThreshold => StepsToThreshold is not null;
}
