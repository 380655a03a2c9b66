using System.Numerics;

namespace DotGym.Random;

/// <summary>numpy's floating-point reductions, reproduced for bit-exact results.</summary>
internal static class NpReductions
{
    private const int PairwiseBlockSize = 128;

    /// <summary>
    /// numpy's pairwise summation of a contiguous float64 or float32 array (<c>DOUBLE_pairwise_sum</c> /
    /// <c>FLOAT_pairwise_sum</c>: a plain loop below 8 values, eight accumulators up to 128, halves above), in
    /// <typeparamref name="T"/>'s own precision.
    /// </summary>
    public static T Sum<T>(ReadOnlySpan<T> a) where T : IFloatingPointIeee754<T>
    {
        if (a.Length < 8)
        {
            T res = T.Zero;
            foreach (var v in a) res += v;
            return res;
        }
        if (a.Length <= PairwiseBlockSize)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int n = a.Length, i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            T res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = a.Length / 2;
        n2 -= n2 % 8;
        return Sum(a[..n2]) + Sum(a[n2..]);
    }
}
