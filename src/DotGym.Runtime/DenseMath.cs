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
        for (int o = 0; o < layer.Outputs; o++) y[o] = Dot(weights.Slice(o * inputs, inputs), x) + bias[o];
        switch (layer.Activation)
        {
            case PolicyActivation.Tanh:
                for (int o = 0; o < layer.Outputs; o++) y[o] = MathF.Tanh(y[o]);
                break;
            case PolicyActivation.Relu:
                for (int o = 0; o < layer.Outputs; o++) y[o] = Math.Max(y[o], 0f);
                break;
        }
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
