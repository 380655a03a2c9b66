using DotGym.Agents.Tensors;
using DotGym.Agents.Training;
using DotGym.Vector;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests.Tensors;

/// <summary>The same <see cref="Ppo"/> on a tensor env: the on-device path learns, repeats exactly on the CPU, and refuses what it cannot do.</summary>
public class TensorPpoTests(ITestOutputHelper output)
{
    /// <summary>The 2-core CPU configuration of the issue: 256 envs x 32 steps, 4 epochs x 4 minibatches.</summary>
    internal static PpoConfig CartPoleConfig(long seed) => new()
    {
        Seed = seed, NumEnvs = 256, NSteps = 32, NumMinibatches = 4, UpdateEpochs = 4, LearningRate = 2.5e-3,
        EntCoef = 0.0, Gamma = 0.99, GaeLambda = 0.95, AnnealLr = false, TorchThreads = 1,
    };

    [Fact]
    public void PpoOnTensorCartPoleReachesTheRewardThreshold()
    {
        using var agent = new Ppo(TensorEnvs.Make("CartPole-v1", 256), CartPoleConfig(seed: 1));
        var result = agent.Learn(2_000_000, new TrainingCallbacks
        {
            RewardThreshold = 475,
            UpdateFinished = u => { if (u.Update % 10 == 0) output.WriteLine($"update {u.Update} step {u.GlobalStep} sps {u.Metrics["sps"]:F0} mean {agent.MeanRecentReturn():F1}"); },
        });
        output.WriteLine($"solved: {result.ReachedThreshold} at step {result.StepsToThreshold} after {result.SecondsToThreshold:F2} s of training, mean {result.MeanRecentReturn:F1}");
        Assert.True(result.ReachedThreshold, $"mean return {result.MeanRecentReturn} after {result.GlobalStep} steps");
    }

    [Fact]
    public void SeededRunsRepeatExactlyOnTheCpu()
    {
        Assert.Equal(ShortRun(seed: 4), ShortRun(seed: 4));
        Assert.NotEqual(ShortRun(seed: 4), ShortRun(seed: 5));
    }

    private static string ShortRun(long seed)
    {
        var config = CartPoleConfig(seed) with { NumEnvs = 32, NSteps = 16 };
        using var agent = new Ppo(TensorEnvs.Make("CartPole-v1", 32), config);
        var losses = new List<string>();
        agent.Learn(32 * 16 * 6, new TrainingCallbacks { UpdateFinished = u => losses.Add($"{u.Metrics["policy_loss"]:R}/{u.Metrics["value_loss"]:R}") });
        using var scope = NewDisposeScope();
        double weights = agent.Policy.Network.Module.parameters().Sum(p => p.to(ScalarType.Float64).sum().item<double>());
        return $"{string.Join(",", losses)} | {weights:R}";
    }

    [Fact]
    public void SummaryEveryReadsTheDeviceStatisticsLessOften()
    {
        var config = CartPoleConfig(seed: 2) with { NumEnvs = 32, NSteps = 16, SummaryEvery = 3 };
        using var agent = new Ppo(TensorEnvs.Make("CartPole-v1", 32), config);
        var reported = new List<long>();
        var result = agent.Learn(32 * 16 * 9, new TrainingCallbacks { UpdateFinished = u => reported.Add(u.Update) });
        Assert.Equal(9, result.Updates);
        Assert.Equal([3L, 6L, 9L], reported);
        Assert.True(result.Episodes > 0);
    }

    [Fact]
    public void WhatTheDevicePathCannotDoFailsClearly()
    {
        var nextStep = Assert.Throws<ArgumentException>(() => new Ppo(TensorEnvs.Make("CartPole-v1", 8, autoreset: AutoresetMode.NextStep), CartPoleConfig(1) with { NumEnvs = 8 }));
        Assert.Contains("AutoresetMode.SameStep", nextStep.Message);
        var normalize = Assert.Throws<ArgumentException>(() => new Ppo(TensorEnvs.Make("CartPole-v1", 8), CartPoleConfig(1) with { NumEnvs = 8, NormalizeObservations = true }));
        Assert.Contains("normalize_observations", normalize.Message);
        var a2c = Assert.Throws<ArgumentException>(() => new A2C(TensorEnvs.Make("CartPole-v1", 8), new A2CConfig { NumEnvs = 8 }));
        Assert.Contains("ppo", a2c.Message);
    }

    [Fact]
    public void PpoLearnsNonSlipperyFrozenLakeFromIndexObservations()
    {
        var kwargs = new Dictionary<string, object> { ["is_slippery"] = false };
        var config = new PpoConfig { Seed = 1, NumEnvs = 64, NSteps = 16, LearningRate = 3e-3, EntCoef = 0.01, TorchThreads = 1 };
        using var agent = new Ppo(TensorEnvs.Make("FrozenLake-v1", 64, kwargs: kwargs), config);
        var result = agent.Learn(200_000, new TrainingCallbacks { RewardThreshold = 0.95 });
        output.WriteLine($"FrozenLake: {result.ReachedThreshold} at {result.StepsToThreshold}, mean {result.MeanRecentReturn}");
        Assert.True(result.ReachedThreshold, $"mean return {result.MeanRecentReturn}");
    }
}
