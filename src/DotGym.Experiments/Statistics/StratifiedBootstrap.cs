using DotGym.Random;

namespace DotGym.Experiments.Statistics;

/// <summary>A two-sided confidence interval around a point estimate.</summary>
public readonly record struct ConfidenceInterval(double Estimate, double Lower, double Upper, double Level);

/// <summary>
/// Percentile confidence intervals by stratified bootstrap (rliable's <c>StratifiedBootstrap</c>): each resample
/// draws, within every stratum (an env), as many runs as it has, with replacement, then recomputes the aggregate over
/// all strata. Seeded, so a report repeats exactly.
/// </summary>
public static class StratifiedBootstrap
{
    /// <param name="strata">Per stratum (e.g. per env), the per-seed scores.</param>
    /// <param name="aggregate">The statistic over the pooled resample, e.g. <see cref="RobustStatistics.InterquartileMean"/>.</param>
    /// <param name="resamples">Bootstrap resamples (rliable uses 2000 and more).</param>
    /// <param name="level">Confidence level, 0.95 for a 95% interval.</param>
    /// <param name="seed">Seed of the resampling generator.</param>
    public static ConfidenceInterval Interval(IReadOnlyList<IReadOnlyList<double>> strata, Func<IEnumerable<double>, double> aggregate,
        int resamples = 2000, double level = 0.95, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(aggregate);
        if (strata.Count == 0 || strata.Any(s => s.Count == 0)) throw new ArgumentException("Every stratum needs at least one score.", nameof(strata));
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "Use at least one resample (2000 is typical).");
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1), e.g. 0.95.");

        var rng = Seeding.NpRandom(seed).Generator;
        int total = strata.Sum(s => s.Count);
        var pooled = new double[total];
        var estimates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            int k = 0;
            foreach (var stratum in strata)
                for (int i = 0; i < stratum.Count; i++)
                    pooled[k++] = stratum[(int)rng.Integers(stratum.Count)];
            estimates[r] = aggregate(pooled);
        }
        Array.Sort(estimates);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(aggregate(strata.SelectMany(s => s)), Percentile(estimates, alpha), Percentile(estimates, 1 - alpha), level);
    }

    /// <summary>numpy's default ("linear") percentile of sorted data, q in [0, 1].</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("Percentile of an empty set.", nameof(sorted));
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double fraction = position - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }
}
