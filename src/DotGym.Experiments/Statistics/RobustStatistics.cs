using MathNet.Numerics.Statistics;

namespace DotGym.Experiments.Statistics;

/// <summary>
/// Aggregates for few-run RL results, following Agarwal et al. 2021 ("Deep RL at the Edge of the Statistical
/// Precipice", the rliable library): the interquartile mean is robust to outlier seeds yet uses half the runs.
/// </summary>
public static class RobustStatistics
{
    /// <summary>
    /// Interquartile mean: the mean of the middle 50% of <paramref name="values"/>, exactly
    /// <c>scipy.stats.trim_mean(values, 0.25)</c> as rliable computes it (drops ⌊n/4⌋ values from each end).
    /// </summary>
    public static double InterquartileMean(IEnumerable<double> values) => TrimmedMean(values, 0.25);

    /// <summary><c>scipy.stats.trim_mean</c>: sorts, drops ⌊proportion·n⌋ values from each end, averages the rest.</summary>
    public static double TrimmedMean(IEnumerable<double> values, double proportion)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (proportion is < 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "Trim proportion must be in [0, 0.5).");
        var sorted = values.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Cannot aggregate an empty set of results.", nameof(values));
        if (sorted.Any(double.IsNaN)) throw new ArgumentException("Results contain NaN; fix the run that produced it before aggregating.", nameof(values));
        Array.Sort(sorted);
        int cut = (int)(proportion * sorted.Length);
        return sorted.AsSpan(cut, sorted.Length - 2 * cut).ToArray().Mean();
    }

    /// <summary>Mean, sample standard deviation (n-1; 0 for one value) and median.</summary>
    public static (double Mean, double Std, double Median) Describe(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("Cannot describe an empty set of results.", nameof(values));
        double std = values.Count > 1 ? values.StandardDeviation() : 0;
        return (values.Mean(), std, values.Median());
    }
}
