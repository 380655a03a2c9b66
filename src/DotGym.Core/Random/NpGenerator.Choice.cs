namespace DotGym.Random;

public sealed partial class NpGenerator
{
    // numpy's choice() tolerance on the probability sum: sqrt(float64 machine epsilon).
    private static readonly double ProbabilityTolerance = Math.Sqrt(2.220446049250313e-16);

    /// <summary>
    /// <c>choice(len(p), p=p)</c>: an index drawn with the given probabilities, the way numpy does it (cumulative
    /// sum normalised by its last entry, one <c>random()</c>, a right-sided binary search).
    /// </summary>
    public long Choice(ReadOnlySpan<double> probabilities)
    {
        var cdf = ChoiceCdf(probabilities);
        return ChooseFromCdf(cdf);
    }

    /// <summary>
    /// Validates <paramref name="probabilities"/> as numpy's <c>choice</c> does and returns the normalised
    /// cumulative distribution to draw from with <see cref="ChooseFromCdf"/>.
    /// </summary>
    internal static double[] ChoiceCdf(ReadOnlySpan<double> probabilities)
    {
        if (probabilities.IsEmpty) throw new ArgumentException("choice() needs at least one probability (numpy: 'a cannot be empty').", nameof(probabilities));
        double sum = KahanSum(probabilities);
        if (double.IsNaN(sum)) throw new ArgumentException("The probabilities contain NaN.", nameof(probabilities));
        foreach (var p in probabilities)
            if (p < 0) throw new ArgumentException($"The probabilities must be non-negative, got {p}.", nameof(probabilities));
        if (Math.Abs(sum - 1.0) > ProbabilityTolerance)
            throw new ArgumentException($"The probabilities must sum to 1, but they sum to {sum}; normalise them first.", nameof(probabilities));
        var cdf = new double[probabilities.Length];
        double running = 0;
        for (int i = 0; i < cdf.Length; i++)
        {
            running += probabilities[i];
            cdf[i] = running;
        }
        double last = cdf[^1];
        for (int i = 0; i < cdf.Length; i++) cdf[i] /= last;
        return cdf;
    }

    /// <summary>One <c>random()</c> located in <paramref name="cdf"/> with numpy's <c>searchsorted(side='right')</c>.</summary>
    internal int ChooseFromCdf(ReadOnlySpan<double> cdf)
    {
        double u = Random();
        int lo = 0, hi = cdf.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // numpy's kahan_sum (used only to validate probabilities).
    private static double KahanSum(ReadOnlySpan<double> values)
    {
        double sum = values[0], c = 0.0;
        for (int i = 1; i < values.Length; i++)
        {
            double y = values[i] - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        return sum;
    }
}
