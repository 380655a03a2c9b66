using DotGym.Random;

namespace DotGym.Vector;

/// <summary>
/// numpy's float32 <c>np.mean</c> and <c>np.var</c> of a 1-D array, bit for bit: numpy's pairwise summation in
/// float32 (<see cref="NpReductions.Sum{T}"/>), the sum divided by the count. Used where Gymnasium takes the moments of a float32 vector (e.g. the vector
/// <c>NormalizeReward</c>'s accumulated returns).
/// </summary>
internal static class NumpyReductions32
{
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
    public static float PairwiseSum(ReadOnlySpan<float> a) => -0.0f + NpReductions.Sum(a);
}
