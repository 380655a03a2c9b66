using BenchmarkDotNet.Attributes;
using DotGym.Registration;
using DotGym.Tests.Vector;

namespace DotGym.Benchmarks;

/// <summary>One step of CartPole-v1 as made by <c>Gym.Make</c> (standard wrappers included), resetting when an episode ends.</summary>
[MemoryDiagnoser]
public class CartPoleStepBenchmark
{
    private Env<float[], int> _env = null!;
    private int _action;

    [GlobalSetup]
    public void Setup()
    {
        _env = (Env<float[], int>)Gym.Make("CartPole-v1");
        _env.Reset(0);
    }

    [Benchmark]
    public double Step()
    {
        _action ^= 1;
        var result = _env.Step(_action);
        if (result.Done) _env.Reset();
        return result.Reward;
    }

    [GlobalCleanup]
    public void Cleanup() => _env.Dispose();
}

/// <summary>One step of FrozenLake-v1 (slippery 4x4, as made by <c>Gym.Make</c>), resetting when an episode ends.</summary>
[MemoryDiagnoser]
public class FrozenLakeStepBenchmark
{
    private Env<int, int> _env = null!;
    private int _action;

    [GlobalSetup]
    public void Setup()
    {
        _env = (Env<int, int>)Gym.Make("FrozenLake-v1");
        _env.Reset(0);
    }

    [Benchmark]
    public double Step()
    {
        _action = (_action + 1) & 3;
        var result = _env.Step(_action);
        if (result.Done) _env.Reset();
        return result.Reward;
    }

    [GlobalCleanup]
    public void Cleanup() => _env.Dispose();
}

/// <summary>One step of the vector tests' random walk (the raw env, no wrappers): the floor cost of an env step.</summary>
[MemoryDiagnoser]
public class RandomWalkStepBenchmark
{
    private readonly RandomWalkEnv _env = new(maxLength: 50, reportInfo: false);
    private int _action;

    [GlobalSetup]
    public void Setup() => _env.Reset(0);

    [Benchmark]
    public double Step()
    {
        _action = (_action + 1) % 3;
        var result = _env.Step(_action);
        if (result.Done) _env.Reset();
        return result.Reward;
    }
}
