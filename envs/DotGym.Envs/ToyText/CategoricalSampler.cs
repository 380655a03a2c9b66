namespace DotGym.Envs.ToyText;

/// <summary>
/// Gymnasium's <c>categorical_sample</c>: <c>argmax(cumsum(p) &gt; u)</c> with <c>u = np_random.random()</c>.
/// The cumulative sums are formed left to right in float64 exactly as <c>np.cumsum</c> does, so the chosen index
/// matches Gymnasium bit for bit.
/// </summary>
internal static class CategoricalSampler
{
    /// <summary>Running sums of <paramref name="probabilities"/> (np.cumsum).</summary>
    public static double[] CumulativeSum(ReadOnlySpan<double> probabilities)
    {
        var cumulative = new double[probabilities.Length];
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++) cumulative[i] = sum += probabilities[i];
        return cumulative;
    }

    /// <summary>The first index whose cumulative sum exceeds <paramref name="u"/>; 0 when none does (np.argmax of all-false).</summary>
    public static int Sample(ReadOnlySpan<double> cumulative, double u)
    {
        for (int i = 0; i < cumulative.Length; i++)
            if (cumulative[i] > u) return i;
        return 0;
    }
}
