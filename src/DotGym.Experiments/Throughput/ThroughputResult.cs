namespace DotGym.Experiments.Throughput;

/// <summary>What one case measured.</summary>
/// <param name="Name">The case's name.</param>
/// <param name="Description">The case's description.</param>
/// <param name="StepsPerSecond">Median env-steps per second over the repetitions.</param>
/// <param name="RepetitionStepsPerSecond">Each timed repetition's env-steps per second, in run order.</param>
/// <param name="StepsPerRepetition">Env steps in each timed repetition.</param>
/// <param name="AllocatedBytesPerStep">Bytes allocated per env step over all timed repetitions; null when the
/// workload allocates on other threads, where the per-thread counter would undercount.</param>
public sealed record ThroughputResult(
    string Name,
    string Description,
    double StepsPerSecond,
    IReadOnlyList<double> RepetitionStepsPerSecond,
    long StepsPerRepetition,
    double? AllocatedBytesPerStep);
