namespace DotGym.Experiments.Throughput;

/// <summary>How long and how often the harness measures each case.</summary>
public sealed record ThroughputOptions
{
    /// <summary>Approximate wall-clock budget per case, in seconds: a fifth warms up, the rest is split into the timed repetitions.</summary>
    public double SecondsPerCase { get; init; } = 2.0;

    /// <summary>Timed repetitions per case (K); the reported rate is their median.</summary>
    public int Repetitions { get; init; } = 7;

    /// <summary>The clock; tests pass a fake one. Defaults to the system's high-resolution timestamp.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws a clear exception when a setting cannot work.</summary>
    public void Validate()
    {
        if (!double.IsFinite(SecondsPerCase) || SecondsPerCase <= 0)
            throw new ArgumentOutOfRangeException(nameof(SecondsPerCase), SecondsPerCase, "Seconds per case must be a positive number, e.g. 2.");
        if (Repetitions < 1)
            throw new ArgumentOutOfRangeException(nameof(Repetitions), Repetitions, "Repetitions must be at least 1 (an odd number such as 7 gives a true median).");
        ArgumentNullException.ThrowIfNull(Clock);
    }
}
