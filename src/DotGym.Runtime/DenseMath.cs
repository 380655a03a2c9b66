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

    /// <summary>Sum of <c>a[i] * b[i]</c> over <paramref name="b"/>'s length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && b.Length >= Vector<float>.Count)
        {
            var av = MemoryMarshal.Cast<float, Vector<float>>(a.Slice(0, b.Length));
            var bv = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int k = 0; k < bv.Length; k++) acc += av[k] * bv[k];
            sum = Vector.Dot(acc, Vector<float>.One);
            i = bv.Length * Vector<float>.Count;
        }
        for (; i < b.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
