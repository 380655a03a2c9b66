using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;
using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;

namespace DotGym.Benchmarks;

/// <summary>
/// Single-env stepping throughput of every built-in env: the raw env type (no wrappers), random actions recorded in
/// advance, reset when an episode terminates or reaches its registered step limit. Each invocation takes
/// <see cref="StepsPerInvoke"/> steps and reports time and allocation per step.
/// </summary>
[MemoryDiagnoser]
public class SingleEnvStepBenchmarks
{
    /// <summary>Steps per invocation; BenchmarkDotNet divides by it, so Mean reads as time per step.</summary>
    public const int StepsPerInvoke = 1024;

    private EpisodeLoop<float[], int> _cartPole = null!;
    private EpisodeLoop<float[], int> _mountainCar = null!;
    private EpisodeLoop<float[], float[]> _mountainCarContinuous = null!;
    private EpisodeLoop<float[], int> _acrobot = null!;
    private EpisodeLoop<float[], float[]> _pendulum = null!;
    private EpisodeLoop<int, int> _frozenLake4x4 = null!;
    private EpisodeLoop<int, int> _frozenLake8x8 = null!;
    private EpisodeLoop<int, int> _gridWorld4x4 = null!;
    private EpisodeLoop<int, int> _taxi = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Episode limits are the registered max_episode_steps of each id.
        _cartPole = new(new CartPoleEnv(), episodeLimit: 500);
        _mountainCar = new(new MountainCarEnv(), episodeLimit: 200);
        _mountainCarContinuous = new(new ContinuousMountainCarEnv(), episodeLimit: 999);
        _acrobot = new(new AcrobotEnv(), episodeLimit: 500);
        _pendulum = new(new PendulumEnv(), episodeLimit: 200);
        _frozenLake4x4 = new(new FrozenLakeEnv(mapName: "4x4"), episodeLimit: 100);
        _frozenLake8x8 = new(new FrozenLakeEnv(mapName: "8x8"), episodeLimit: 200);
        _gridWorld4x4 = new(GridWorld.Index(GridWorldOptions.FromText(GridWorldPresets.Open4x4)), episodeLimit: 100);
        _taxi = new(new TaxiEnv(), episodeLimit: 200);
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "CartPole-v1")]
    public double CartPole() => _cartPole.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "MountainCar-v0")]
    public double MountainCar() => _mountainCar.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "MountainCarContinuous-v0")]
    public double MountainCarContinuous() => _mountainCarContinuous.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "Acrobot-v1")]
    public double Acrobot() => _acrobot.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "Pendulum-v1")]
    public double Pendulum() => _pendulum.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "FrozenLake-v1 (4x4)")]
    public double FrozenLake4x4() => _frozenLake4x4.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "FrozenLake8x8-v1")]
    public double FrozenLake8x8() => _frozenLake8x8.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "GridWorld-4x4-v0")]
    public double GridWorld4x4() => _gridWorld4x4.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Description = "Taxi-v4")]
    public double Taxi() => _taxi.Run(StepsPerInvoke);

    [GlobalCleanup]
    public void Cleanup()
    {
        _cartPole.Dispose();
        _mountainCar.Dispose();
        _mountainCarContinuous.Dispose();
        _acrobot.Dispose();
        _pendulum.Dispose();
        _frozenLake4x4.Dispose();
        _frozenLake8x8.Dispose();
        _gridWorld4x4.Dispose();
        _taxi.Dispose();
    }
}
