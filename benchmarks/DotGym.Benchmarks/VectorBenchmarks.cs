using BenchmarkDotNet.Attributes;
using DotGym.Registration;
using DotGym.Tests.Vector;
using DotGym.Vector;

namespace DotGym.Benchmarks;

/// <summary>One batched step of 1024 CartPole-v1 envs made by <c>Gym.MakeVec</c> (NextStep autoreset), sync and threaded.</summary>
[MemoryDiagnoser]
public class VectorCartPoleStepBenchmark
{
    private const int NumEnvs = 1024;
    private VectorEnv<float[], int> _vec = null!;
    private readonly int[] _actions = new int[NumEnvs];

    [Params(VectorizationMode.Sync, VectorizationMode.Threaded)]
    public VectorizationMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _vec = (VectorEnv<float[], int>)Gym.MakeVec("CartPole-v1", NumEnvs, Mode);
        _vec.Reset(0);
        for (int i = 0; i < NumEnvs; i++) _actions[i] = i & 1;
    }

    [Benchmark(OperationsPerInvoke = NumEnvs)]
    public double Step() => _vec.Step(_actions).Rewards[0];

    [GlobalCleanup]
    public void Cleanup() => _vec.Dispose();
}

/// <summary>One batched step of 1024 random walks (raw envs via <c>new</c>): the vector machinery's own overhead.</summary>
[MemoryDiagnoser]
public class VectorRandomWalkStepBenchmark
{
    private const int NumEnvs = 1024;
    private VectorEnv<float[], int> _vec = null!;
    private readonly int[] _actions = new int[NumEnvs];

    [Params(VectorizationMode.Sync, VectorizationMode.Threaded)]
    public VectorizationMode Mode { get; set; }

    [Params(AutoresetMode.NextStep, AutoresetMode.SameStep)]
    public AutoresetMode Autoreset { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Func<int, Env<float[], int>> make = _ => new RandomWalkEnv(maxLength: 50, reportInfo: false);
        _vec = Mode == VectorizationMode.Threaded
            ? new ThreadedVectorEnv<float[], int>(NumEnvs, make, Autoreset)
            : new SyncVectorEnv<float[], int>(NumEnvs, make, Autoreset);
        _vec.Reset(0);
        for (int i = 0; i < NumEnvs; i++) _actions[i] = i % 3;
    }

    [Benchmark(OperationsPerInvoke = NumEnvs)]
    public double Step() => _vec.Step(_actions).Rewards[0];

    [GlobalCleanup]
    public void Cleanup() => _vec.Dispose();
}
