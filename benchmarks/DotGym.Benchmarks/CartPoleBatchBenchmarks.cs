using BenchmarkDotNet.Attributes;
using DotGym.Envs.ClassicControl;

namespace DotGym.Benchmarks;

/// <summary>
/// One batched step of <see cref="CartPoleBatch"/> (NextStep autoreset, 500-step limit), Exact and Fast, on one
/// thread and on four; reported per env step. Compare with <c>VectorCartPoleStepBenchmark</c> (1024 wrapped envs).
/// </summary>
[MemoryDiagnoser]
public class CartPoleBatchStepBenchmark
{
    private CartPoleBatch _batch = null!;
    private int[] _actions = null!;

    [Params(1024, 65536)]
    public int NumEnvs { get; set; }

    [Params(CartPoleBatchMode.Exact, CartPoleBatchMode.Fast)]
    public CartPoleBatchMode Mode { get; set; }

    [Params(1, 4)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = new CartPoleBatch(NumEnvs, Mode, threads: Threads);
        _batch.Reset(seed: 0);
        _actions = new int[NumEnvs];
        for (int i = 0; i < NumEnvs; i++) _actions[i] = (i * 7 + i / 3) & 1;
    }

    [Benchmark]
    public double Step()
    {
        var step = _batch.Step(_actions);
        // Flip a few actions so the envs do not settle into one pattern.
        _actions[0] ^= 1;
        return step.Rewards[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();
}
