using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Benchmarks;

/// <summary>
/// Vector-env throughput: <see cref="NumEnvs"/> copies of CartPole-v1 (raw <see cref="CartPoleEnv"/> under its
/// 500-step <see cref="TimeLimit{TObs,TAct}"/>, NextStep autoreset) in a <see cref="SyncVectorEnv{TObs,TAct}"/> or a
/// <see cref="ThreadedVectorEnv{TObs,TAct}"/> (one worker per core), stepped with recorded random actions.
/// Every invocation does <see cref="EnvStepsPerInvoke"/> env steps (<c>EnvStepsPerInvoke / NumEnvs</c> vector
/// steps), so Mean reads as time per env step at every size.
/// </summary>
[MemoryDiagnoser]
public class VectorEnvStepBenchmarks
{
    /// <summary>Env steps per invocation (= NumEnvs × vector steps); a multiple of every <see cref="NumEnvs"/> value.</summary>
    public const int EnvStepsPerInvoke = 4096;

    private VectorEnv<float[], int> _vec = null!;
    private ActionTape<int> _actions = null!;

    [Params(1, 8, 64, 1024, 4096)]
    public int NumEnvs { get; set; }

    [Params(VectorizationMode.Sync, VectorizationMode.Threaded)]
    public VectorizationMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Func<int, Env<float[], int>> makeCartPole = _ => new TimeLimit<float[], int>(new CartPoleEnv(), maxEpisodeSteps: 500);
        _vec = Mode == VectorizationMode.Threaded
            ? new ThreadedVectorEnv<float[], int>(NumEnvs, makeCartPole)
            : new SyncVectorEnv<float[], int>(NumEnvs, makeCartPole);
        _vec.Reset(0);
        _actions = new ActionTape<int>(_vec.SingleActionSpace, length: 2 * EnvStepsPerInvoke);
    }

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double CartPole()
    {
        double reward = 0;
        for (int step = EnvStepsPerInvoke / NumEnvs; step > 0; step--)
            reward += _vec.Step(_actions.NextBatch(NumEnvs)).Rewards[0];
        return reward;
    }

    [GlobalCleanup]
    public void Cleanup() => _vec.Dispose();
}
