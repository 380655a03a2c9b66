using DotGym.Agents.Presets;
using DotGym.Agents.Training;
using DotGym.Registration;
using Xunit.Abstractions;

namespace DotGym.Agents.Tests;

/// <summary>
/// The presets `dotgym train` uses, learning-tested: <see cref="AgentPresets.Get(string, string?, IEnumerable{string}?)"/>
/// with the preset key the CLI builds (env id, or <c>ENV@NAME</c> for --preset NAME), the registered env, one seed and a
/// fixed budget; the mean of the last 20 training returns must reach the threshold. CI-sized: thresholds below the
/// env's own where its full run takes minutes (the full-length runs are docs/learning-results.md and BENCHMARKS.md).
/// </summary>
public class PresetLearningTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("ppo", "CartPole-v1@fast", "CartPole-v1", 475.0, 200_000)]
    [InlineData("ppo", "CartPole-v1", "CartPole-v1", 475.0, 100_000)]
    [InlineData("a2c", "CartPole-v1", "CartPole-v1", 475.0, 250_000)]
    [InlineData("reinforce", "CartPole-v1", "CartPole-v1", 475.0, 200_000)]
    [InlineData("ppo", "MountainCarContinuous-v0", "MountainCarContinuous-v0", 90.0, 20_000)] // gSDE; rl-zoo's budget
    [InlineData("ppo", "GridWorld-4x4-v0", "GridWorld-4x4-v0", 1.0, 60_000)]
    [InlineData("a2c", "GridWorld-4x4-v0", "GridWorld-4x4-v0", 1.0, 60_000)]
    [InlineData("reinforce", "GridWorld-4x4-v0", "GridWorld-4x4-v0", 1.0, 60_000)]
    public void PresetReachesTheThreshold(string algorithm, string presetKey, string env, double threshold, long budget)
    {
        var config = AgentPresets.Get(algorithm, presetKey) with { Seed = 1, Device = "cpu", TorchThreads = 1 };
        using var agent = Agent.Create(config, () => Gym.Make(env));
        var result = agent.Learn(budget, new TrainingCallbacks { RewardThreshold = threshold });
        output.WriteLine($"{algorithm} {presetKey}: mean-20 {threshold} at {result.StepsToThreshold} steps ({result.SecondsToThreshold:F1} s), {result.GlobalStep} steps in all");
        Assert.True(result.ReachedThreshold, $"{algorithm} preset {presetKey}: mean-20 return {result.MeanRecentReturn:F2} after {result.GlobalStep} steps (threshold {threshold})");
    }
}
