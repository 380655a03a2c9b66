using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;

namespace DotGym.Benchmarks;

/// <summary>
/// Batched CartPole-v1 throughput. The baseline, <see cref="ScalarCartPoleEnvs"/>, steps <see cref="NumEnvs"/> raw
/// <see cref="CartPoleEnv"/>s one after another on one thread (500-step truncation, reset as soon as an episode
/// ends): the work a batched CartPole replaces. <see cref="CartPoleBatch"/> runs the same envs in structure-of-arrays
/// layout with SIMD, Exact (bit-identical, libm trigonometry) and Fast (vectorised polynomial sin/cos), on one thread
/// and on two. Every invocation does
/// <see cref="EnvStepsPerInvoke"/> env steps, so Mean reads as time per env step.
/// </summary>
[MemoryDiagnoser]
public class CartPoleBatchBenchmarks
{
    /// <summary>Env steps per invocation (= NumEnvs × batch steps); a multiple of every <see cref="NumEnvs"/> value.</summary>
    public const int EnvStepsPerInvoke = 4096;
    private const int MaxEpisodeSteps = 500;

    private CartPoleEnv[] _envs = null!;
    private int[] _episodeSteps = null!;
    private ActionTape<int> _actions = null!;
    private CartPoleBatch _exact = null!, _fast = null!, _exactThreaded = null!, _fastThreaded = null!;

    [Params(1, 8, 64, 1024, 4096)]
    public int NumEnvs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _envs = new CartPoleEnv[NumEnvs];
        _episodeSteps = new int[NumEnvs];
        for (int i = 0; i < NumEnvs; i++)
        {
            _envs[i] = new CartPoleEnv();
            _envs[i].Reset(i);
        }
        _actions = new ActionTape<int>(_envs[0].ActionSpace, length: 2 * EnvStepsPerInvoke);
        _exact = NewBatch(CartPoleBatchMode.Exact, threads: 1);
        _fast = NewBatch(CartPoleBatchMode.Fast, threads: 1);
        _exactThreaded = NewBatch(CartPoleBatchMode.Exact, threads: 2);
        _fastThreaded = NewBatch(CartPoleBatchMode.Fast, threads: 2);
    }

    private CartPoleBatch NewBatch(CartPoleBatchMode mode, int threads)
    {
        var batch = new CartPoleBatch(NumEnvs, mode, threads: threads);
        batch.Reset(seed: 0);
        return batch;
    }

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double BatchExact() => StepBatch(_exact);

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double BatchFast() => StepBatch(_fast);

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double BatchExactTwoThreads() => StepBatch(_exactThreaded);

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double BatchFastTwoThreads() => StepBatch(_fastThreaded);

    private double StepBatch(CartPoleBatch batch)
    {
        double reward = 0;
        for (int step = EnvStepsPerInvoke / NumEnvs; step > 0; step--)
            reward += batch.Step(_actions.NextBatch(NumEnvs)).Rewards[0];
        return reward;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EnvStepsPerInvoke)]
    public double ScalarCartPoleEnvs()
    {
        double reward = 0;
        for (int step = EnvStepsPerInvoke / NumEnvs; step > 0; step--)
        {
            var actions = _actions.NextBatch(NumEnvs);
            for (int i = 0; i < _envs.Length; i++)
            {
                var result = _envs[i].Step(actions[i]);
                reward += result.Reward;
                if (result.Terminated || ++_episodeSteps[i] >= MaxEpisodeSteps)
                {
                    _envs[i].Reset();
                    _episodeSteps[i] = 0;
                }
            }
        }
        return reward;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var env in _envs) env.Dispose();
        foreach (var batch in new[] { _exact, _fast, _exactThreaded, _fastThreaded }) batch.Dispose();
    }
}
