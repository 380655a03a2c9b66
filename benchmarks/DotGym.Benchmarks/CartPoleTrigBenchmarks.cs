using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using DotGym.Envs.ClassicControl;

namespace DotGym.Benchmarks;

/// <summary>
/// What bounds <see cref="CartPoleBatchMode.Exact"/>: its only difference from Fast is one <c>Math.Sin</c> and one
/// <c>Math.Cos</c> per env (libm, for bit-equality with the scalar env and Gymnasium) where Fast evaluates
/// <see cref="CartPoleTrig"/>'s polynomials eight lanes at a time. Both run over the same 4,096 angles in CartPole's
/// range, so Mean reads as time per env; Exact's step time minus Fast's should be close to their difference.
/// </summary>
public class CartPoleTrigBenchmarks
{
    private const int Angles = 4096;
    private readonly double[] _angles = new double[Angles];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new System.Random(3);
        for (int i = 0; i < Angles; i++) _angles[i] = (rng.NextDouble() * 2 - 1) * 0.2095;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Angles)]
    public double LibmSinCos()
    {
        double sum = 0;
        foreach (var angle in _angles) sum += Math.Sin(angle) + Math.Cos(angle);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Angles)]
    public double PolynomialSinCosEightLanes()
    {
        var sum = Vector512<double>.Zero;
        for (int i = 0; i < Angles; i += 8)
        {
            var (sin, cos) = CartPoleTrig.SinCos(Vector512.LoadUnsafe(ref _angles[i]));
            sum += sin + cos;
        }
        return Vector512.Sum(sum);
    }
}
