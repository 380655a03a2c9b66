namespace DotGym.Vector;

/// <summary>
/// numpy's float32 <c>np.mean</c> and <c>np.var</c> of a 1-D array, bit for bit: pairwise summation in float32
/// (<c>FLOAT_pairwise_sum</c>: a plain loop below 8 values, eight accumulators up to 128, halves above), the sum
/// divided by the count. Used where Gymnasium takes the moments of a float32 vector (e.g. the vector
/// <c>NormalizeReward</c>'s accumulated returns).
/// </summary>
internal static class NumpyReductions32
{
    private const int BlockSize = 128;

    /// <summary><c>np.mean(x)</c> for float32 <paramref name="x"/> (float32 result).</summary>
    public static float Mean(ReadOnlySpan<float> x) => PairwiseSum(x) / x.Length;

    /// <summary><c>np.var(x)</c> (population variance) for float32 <paramref name="x"/>: mean, squared deviations, their mean.</summary>
    public static float Variance(ReadOnlySpan<float> x, Span<float> scratch)
    {
        float mean = Mean(x);
        for (int i = 0; i < x.Length; i++)
        {
            float d = x[i] - mean;
            scratch[i] = d * d;
        }
        return PairwiseSum(scratch[..x.Length]) / x.Length;
    }

    /// <summary>numpy's <c>add.reduce</c> of a contiguous float32 array (identity -0.0, then the pairwise sum).</summary>
    public static float PairwiseSum(ReadOnlySpan<float> a) => -0.0f + Pairwise(a);

    private static float Pairwise(ReadOnlySpan<float> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            float res = 0f;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= BlockSize)
        {
            float r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return Pairwise(a[..half]) + Pairwise(a[half..]);
    }
}
