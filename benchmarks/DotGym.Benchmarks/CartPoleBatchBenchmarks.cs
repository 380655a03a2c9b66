using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;

namespace DotGym.Benchmarks;

/// <summary>
/// Batched CartPole-v1 throughput. The baseline, <see cref="ScalarCartPoleEnvs"/>, steps <see cref="NumEnvs"/> raw
/// <see cref="CartPoleEnv"/>s one after another on one thread (500-step truncation, reset as soon as an episode
/// ends): the work a batched CartPole replaces. The batched SIMD CartPole's Exact and Fast modes are measured in this
/// class against that baseline once the branch that adds them is merged. Every invocation does
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
    }
}
