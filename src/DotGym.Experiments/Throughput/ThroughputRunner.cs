namespace DotGym.Experiments.Throughput;

/// <summary>
/// Measures env-steps per second without BenchmarkDotNet's patience: warm up (JIT tiering, caches) while finding
/// how many iterations fill a repetition, then time K equal repetitions and report their median, which one noisy
/// repetition on a shared machine cannot drag.
/// </summary>
public sealed class ThroughputRunner
{
    private const double WarmupShare = 0.2;
    private readonly ThroughputOptions _options;

    public ThroughputRunner(ThroughputOptions? options = null)
    {
        _options = options ?? new ThroughputOptions();
        _options.Validate();
    }

    /// <summary>Measures each case in order; <paramref name="onResult"/> hears about each as it finishes.</summary>
    public IReadOnlyList<ThroughputResult> RunAll(IEnumerable<ThroughputCase> cases, Action<ThroughputResult>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var results = new List<ThroughputResult>();
        foreach (var c in cases)
        {
            var result = Run(c);
            results.Add(result);
            onResult?.Invoke(result);
        }
        return results;
    }

    /// <summary>Builds the case's workload, warms it up, times the repetitions and disposes it.</summary>
    public ThroughputResult Run(ThroughputCase throughputCase)
    {
        ArgumentNullException.ThrowIfNull(throughputCase);
        using var workload = throughputCase.Setup()
            ?? throw new InvalidOperationException($"Throughput case '{throughputCase.Name}' built no workload; its Setup must return one.");

        int iterations = IterationsPerRepetition(workload);
        var rates = new double[_options.Repetitions];
        long stepsPerRepetition = 0, totalSteps = 0, allocated = 0;
        for (int k = 0; k < rates.Length; k++)
        {
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = _options.Clock.GetTimestamp();
            long steps = workload.Run(iterations);
            TimeSpan elapsed = _options.Clock.GetElapsedTime(start);
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            if (steps <= 0)
                throw new InvalidOperationException($"Throughput case '{throughputCase.Name}' reported {steps} env steps for {iterations} iterations; Run must return the steps it took.");
            rates[k] = steps / Math.Max(elapsed.TotalSeconds, MinimumSeconds);
            stepsPerRepetition = steps;
            totalSteps += steps;
        }
        double? bytesPerStep = workload.AllocationsOnCallingThread ? (double)allocated / totalSteps : null;
        return new ThroughputResult(throughputCase.Name, throughputCase.Description, Median(rates), rates, stepsPerRepetition, bytesPerStep);
    }

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("The median of no values is undefined; measure at least one repetition.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // One clock tick of the coarsest common timer; keeps a rate finite if a repetition reads as zero time.
    private const double MinimumSeconds = 1e-7;

    /// <summary>
    /// Warm-up: run 1, 2, 4... iterations until one run lasts a quarter of the warm-up share, keep running at that
    /// size until the share is spent (the JIT's tiering and on-stack replacement settle meanwhile), then size each
    /// repetition from the last, warmest run's rate to fill the rest of the budget.
    /// </summary>
    private int IterationsPerRepetition(ThroughputWorkload workload)
    {
        double warmupSeconds = _options.SecondsPerCase * WarmupShare;
        double repetitionSeconds = _options.SecondsPerCase * (1 - WarmupShare) / _options.Repetitions;
        long warmupStart = _options.Clock.GetTimestamp();
        int iterations = 1;
        while (true)
        {
            long start = _options.Clock.GetTimestamp();
            workload.Run(iterations);
            double seconds = _options.Clock.GetElapsedTime(start).TotalSeconds;
            bool spent = _options.Clock.GetElapsedTime(warmupStart).TotalSeconds >= warmupSeconds;
            bool largest = iterations >= int.MaxValue / 2; // a loop this fast cannot be sized any better
            if ((spent && seconds > 0) || largest)
            {
                double perIteration = Math.Max(seconds, MinimumSeconds) / iterations;
                return (int)Math.Clamp(repetitionSeconds / perIteration, 1, int.MaxValue / 2);
            }
            if (seconds < warmupSeconds / 4) iterations *= 2;
        }
    }
}
