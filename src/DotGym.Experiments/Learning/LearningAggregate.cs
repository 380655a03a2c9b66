using DotGym.Experiments.Statistics;

namespace DotGym.Experiments.Learning;

/// <summary>A learning curve aggregated over seeds: mean and a 95% bootstrap confidence band at each step.</summary>
public sealed record AggregateCurve(long[] Steps, double[] Mean, double[] Lower, double[] Upper);

/// <summary>
/// Statistics of one (algorithm, env) combination over its seeds, split into what repeats exactly for the same
/// command on the same CPU (returns, steps) and what does not (seconds).
/// </summary>
public sealed record LearningAggregate
{
    public required string Algo { get; init; }
    public required string Env { get; init; }
    public required int Seeds { get; init; }
    public required ConfidenceInterval InterquartileMean { get; init; }
    public required double Mean { get; init; }
    public required double Std { get; init; }
    public required double Median { get; init; }
    public required double? RewardThreshold { get; init; }
    /// <summary>Fraction of seeds whose mean-20 training return reached the threshold.</summary>
    public required double FractionReachingThreshold { get; init; }
    /// <summary>Median over the seeds that reached it (null if none did).</summary>
    public required double? MedianStepsToThreshold { get; init; }
    /// <summary>Wall-clock: varies between runs even on the same machine.</summary>
    public required double? MedianSecondsToThreshold { get; init; }
    public required double MedianWallSeconds { get; init; }
    /// <summary>The largest peak working set of the seeds' training processes, in MiB (null when none was recorded).</summary>
    public double? PeakMemoryMib { get; init; }
    public required AggregateCurve Curve { get; init; }

    /// <summary>Bootstrap resamples for every interval (rliable's default order of magnitude).</summary>
    public const int Resamples = 2000;

    /// <summary>Aggregates the runs of one combination; the bootstrap is seeded, so the numbers repeat exactly.</summary>
    public static LearningAggregate From(IReadOnlyList<LearningRunResult> runs, int curvePoints = 50)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs to aggregate.", nameof(runs));
        var finals = runs.OrderBy(r => r.Seed).Select(r => r.FinalReturn).ToArray();
        var (mean, std, median) = RobustStatistics.Describe(finals);
        var reached = runs.Where(r => r.ReachedThreshold).ToList();
        return new LearningAggregate
        {
            Algo = runs[0].Algo,
            Env = runs[0].Env,
            Seeds = runs.Count,
            InterquartileMean = StratifiedBootstrap.Interval([finals], RobustStatistics.InterquartileMean, Resamples, 0.95, seed: 0),
            Mean = mean,
            Std = std,
            Median = median,
            RewardThreshold = runs[0].RewardThreshold,
            FractionReachingThreshold = (double)reached.Count / runs.Count,
            MedianStepsToThreshold = reached.Count == 0 ? null : RobustStatistics.Describe(reached.Select(r => (double)r.StepsToThreshold!.Value).ToArray()).Median,
            MedianSecondsToThreshold = reached.Count == 0 ? null : RobustStatistics.Describe(reached.Select(r => r.SecondsToThreshold ?? double.NaN).Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToArray()).Median,
            MedianWallSeconds = RobustStatistics.Describe(runs.Select(r => r.WallSeconds).ToArray()).Median,
            PeakMemoryMib = runs.Max(r => r.PeakMemoryMib),
            Curve = AggregateCurves(runs, curvePoints),
        };
    }

    /// <summary>
    /// Samples every run's mean-20 curve on a common grid of env steps (the latest value at or before each point)
    /// and averages across seeds with a 95% bootstrap band; grid points before any seed finished an episode are skipped.
    /// </summary>
    public static AggregateCurve AggregateCurves(IReadOnlyList<LearningRunResult> runs, int points)
    {
        long total = runs.Max(r => r.TotalSteps);
        var steps = new List<long>();
        var means = new List<double>();
        var lowers = new List<double>();
        var uppers = new List<double>();
        for (int p = 1; p <= points; p++)
        {
            long step = total * p / points;
            var values = runs.Select(r => ValueAt(r.Curve, step)).Where(v => v is not null).Select(v => v!.Value).ToArray();
            if (values.Length == 0) continue;
            var ci = StratifiedBootstrap.Interval([values], v => v.Average(), 500, 0.95, seed: p);
            steps.Add(step);
            means.Add(ci.Estimate);
            lowers.Add(ci.Lower);
            uppers.Add(ci.Upper);
        }
        return new AggregateCurve(steps.ToArray(), means.ToArray(), lowers.ToArray(), uppers.ToArray());
    }

    private static double? ValueAt(IReadOnlyList<(long Step, double MeanReturn)> curve, long step)
    {
        double? value = null;
        foreach (var (s, v) in curve)
        {
            if (s > step) break;
            value = v;
        }
        return value;
    }
}
