using System.Numerics;
using System.Runtime.InteropServices;

namespace DotGym.Runtime;

/// <summary>The forward pass's arithmetic: dense layers as SIMD dot products (System.Numerics, so netstandard2.1 too).</summary>
internal static class DenseMath
{
    /// <summary><c>y = activation(W x + b)</c> for one layer; <paramref name="y"/> must not overlap <paramref name="x"/>.</summary>
    public static void Apply(DenseLayer layer, ReadOnlySpan<float> x, Span<float> y)
    {
        int inputs = layer.Inputs;
        ReadOnlySpan<float> weights = layer.Weights;
        var bias = layer.Bias;
        int o = 0;
        if (Vector.IsHardwareAccelerated && Vector<float>.Count == 8 && inputs >= 8)
        {
            // Four rows at a time: four independent accumulator chains hide the add latency; each row still adds in
            // Dot's order, so the result is bit for bit Dot's.
            for (; o + 4 <= layer.Outputs; o += 4)
                Dot4(weights.Slice(o * inputs, 4 * inputs), x, y.Slice(o, 4), bias, o);
        }
        for (; o < layer.Outputs; o++) y[o] = Dot(weights.Slice(o * inputs, inputs), x) + bias[o];
        switch (layer.Activation)
        {
            case PolicyActivation.Tanh:
                for (int k = 0; k < layer.Outputs; k++) y[k] = MathF.Tanh(y[k]);
                break;
            case PolicyActivation.Relu:
                for (int k = 0; k < layer.Outputs; k++) y[k] = Math.Max(y[k], 0f);
                break;
        }
    }

    /// <summary><see cref="Dot"/> of four consecutive rows of <paramref name="rows"/> with <paramref name="x"/>, plus their biases (8-float vectors only).</summary>
    private static void Dot4(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> y, float[] bias, int firstRow)
    {
        const int Lanes = 8;
        int n = x.Length, blocks = n / Lanes;
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x.Slice(0, blocks * Lanes));
        var r0 = MemoryMarshal.Cast<float, Vector<float>>(rows.Slice(0, blocks * Lanes));
        var r1 = MemoryMarshal.Cast<float, Vector<float>>(rows.Slice(n, blocks * Lanes));
        var r2 = MemoryMarshal.Cast<float, Vector<float>>(rows.Slice(2 * n, blocks * Lanes));
        var r3 = MemoryMarshal.Cast<float, Vector<float>>(rows.Slice(3 * n, blocks * Lanes));
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
        for (int k = 0; k < blocks; k++)
        {
            var v = xv[k];
            a0 += r0[k] * v;
            a1 += r1[k] * v;
            a2 += r2[k] * v;
            a3 += r3[k] * v;
        }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < Lanes; j++)
        {
            s0 += a0[j];
            s1 += a1[j];
            s2 += a2[j];
            s3 += a3[j];
        }
        for (int i = blocks * Lanes; i < n; i++)
        {
            s0 += rows[i] * x[i];
            s1 += rows[n + i] * x[i];
            s2 += rows[2 * n + i] * x[i];
            s3 += rows[3 * n + i] * x[i];
        }
        y[0] = s0 + bias[firstRow];
        y[1] = s1 + bias[firstRow + 1];
        y[2] = s2 + bias[firstRow + 2];
        y[3] = s3 + bias[firstRow + 3];
    }

    /// <summary>
    /// Sum of <c>a[i] * b[i]</c> over <paramref name="b"/>'s length, in the same order whatever the SIMD width: eight
    /// lane sums (one 8-float vector, or two 4-float ones, e.g. under NativeAOT's default instruction set), added
    /// lane 0 to 7, then the tail. So a policy computes bit-identical outputs under the JIT and NativeAOT, with or
    /// without AVX2; other widths (and no SIMD) use the same order in scalar code.
    /// </summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        const int Lanes = 8;
        int n = b.Length, blocks = n / Lanes;
        a = a.Slice(0, n);
        float sum = 0;
        if (Vector.IsHardwareAccelerated && Vector<float>.Count == 8)
        {
            var av = MemoryMarshal.Cast<float, Vector<float>>(a.Slice(0, blocks * Lanes));
            var bv = MemoryMarshal.Cast<float, Vector<float>>(b.Slice(0, blocks * Lanes));
            var acc = Vector<float>.Zero;
            for (int k = 0; k < blocks; k++) acc += av[k] * bv[k];
            for (int j = 0; j < Lanes; j++) sum += acc[j];
        }
        else if (Vector.IsHardwareAccelerated && Vector<float>.Count == 4)
        {
            var av = MemoryMarshal.Cast<float, Vector<float>>(a.Slice(0, blocks * Lanes));
            var bv = MemoryMarshal.Cast<float, Vector<float>>(b.Slice(0, blocks * Lanes));
            Vector<float> low = Vector<float>.Zero, high = Vector<float>.Zero;
            for (int k = 0; k < blocks; k++)
            {
                low += av[2 * k] * bv[2 * k];
                high += av[2 * k + 1] * bv[2 * k + 1];
            }
            for (int j = 0; j < 4; j++) sum += low[j];
            for (int j = 0; j < 4; j++) sum += high[j];
        }
        else if (blocks > 0)
        {
            Span<float> acc = stackalloc float[Lanes];
            acc.Clear();
            for (int k = 0; k < blocks; k++)
                for (int j = 0; j < Lanes; j++) acc[j] += a[k * Lanes + j] * b[k * Lanes + j];
            for (int j = 0; j < Lanes; j++) sum += acc[j];
        }
        for (int i = blocks * Lanes; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
}
