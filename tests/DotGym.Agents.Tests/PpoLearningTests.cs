using DotGym.Agents.Presets;
using DotGym.Agents.Tests.TestEnvs;
using DotGym.Agents.Training;
using Xunit.Abstractions;

namespace DotGym.Agents.Tests;

/// <summary>Short but honest learning runs: fixed seeds, fixed budgets, real thresholds.</summary>
public class PpoLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void PpoSolvesCartPoleWithTheFastConfig()
    {
        // 256 envs x 32 steps, 4 epochs x 4 minibatches (the lead's probe): mean-20 training return >= 195 quickly.
        var config = new PpoConfig
        {
            Seed = 1, NumEnvs = 64, NSteps = 32, NumMinibatches = 4, UpdateEpochs = 4, LearningRate = 2.5e-3,
            EntCoef = 0.0, Gamma = 0.99, GaeLambda = 0.95, TorchThreads = 1,
        };
        using var agent = new Ppo(CartPole.Make, config);
        var result = agent.Learn(300_000, new TrainingCallbacks
        {
            RewardThreshold = 195,
            UpdateFinished = u => { if (u.Update % 10 == 0) output.WriteLine($"step {u.GlobalStep} sps {u.Metrics["sps"]:F0} kl {u.Metrics["approx_kl"]:F4} ev {u.Metrics["explained_variance"]:F3} mean {agent.MeanRecentReturn():F1}"); },
        });
        output.WriteLine($"steps {result.StepsToThreshold} seconds {result.SecondsToThreshold:F2} mean {result.MeanRecentReturn}");
        Assert.True(result.ReachedThreshold, $"mean-20 return {result.MeanRecentReturn} after {result.GlobalStep} steps");
    }
}
