using DotGym.Agents.Tests.TestEnvs;
using DotGym.Agents.Training;
using Xunit.Abstractions;

namespace DotGym.Agents.Tests;

/// <summary>
/// Short but honest learning runs (fixed seeds and budgets, CI-sized): every algorithm must find the optimal path of
/// the deterministic 4x4 grid; PPO must also handle masks, MultiDiscrete and Gaussian actions.
/// </summary>
public class LearningTests(ITestOutputHelper output)
{
    private void AssertOptimalOnGrid(Agent agent, long budget)
    {
        var result = agent.Learn(budget);
        using var env = Grid4x4.Make();
        var evaluation = agent.Evaluate(env, 1, seed: 0);
        output.WriteLine($"{agent.Algorithm}: {result.GlobalStep} steps, {result.WallSeconds:F1}s, eval return {evaluation.Returns[0]:F2} in {evaluation.Lengths[0]} steps");
        Assert.Equal(Grid4x4.OptimalLength, evaluation.Lengths[0]);
        Assert.Equal(Grid4x4.OptimalReturn, evaluation.Returns[0], 9);
    }

    [Fact]
    public void PpoFindsTheOptimalGridPath()
    {
        using var agent = new Ppo(Grid4x4.Make, new PpoConfig { Seed = 1, NumEnvs = 8, NSteps = 32, NumMinibatches = 2, LearningRate = 3e-3, HiddenSizes = [32] });
        AssertOptimalOnGrid(agent, 15_000);
    }

    [Fact]
    public void A2CFindsTheOptimalGridPath()
    {
        using var agent = new A2C(Grid4x4.Make, new A2CConfig { Seed = 1, NumEnvs = 8, NSteps = 8, LearningRate = 3e-3, EntCoef = 0.01, HiddenSizes = [32] });
        AssertOptimalOnGrid(agent, 30_000);
    }

    [Fact]
    public void ReinforceFindsTheOptimalGridPath()
    {
        using var agent = new Reinforce(Grid4x4.Make, new ReinforceConfig { Seed = 1, NumEnvs = 16, LearningRate = 5e-3, HiddenSizes = [32] });
        AssertOptimalOnGrid(agent, 30_000);
    }

    /// <summary>The registered preset GridWorld-4x4-v0 (open room, reward 1 only at the goal): the shortest path is 6 steps.</summary>
    [Theory]
    [InlineData("ppo")]
    [InlineData("a2c")]
    [InlineData("reinforce")]
    public void EveryAlgorithmSolvesTheRegisteredGridWorldPresetOptimally(string algorithm)
    {
        AgentConfig config = algorithm switch
        {
            "ppo" => new PpoConfig { Seed = 1, NumEnvs = 8, NSteps = 32, NumMinibatches = 2, LearningRate = 3e-3, HiddenSizes = [32] },
            "a2c" => new A2CConfig { Seed = 1, NumEnvs = 8, NSteps = 8, LearningRate = 3e-3, EntCoef = 0.01, HiddenSizes = [32] },
            _ => new ReinforceConfig { Seed = 1, NumEnvs = 16, LearningRate = 5e-3, HiddenSizes = [32] },
        };
        using var agent = Agent.Create(config, () => DotGym.Registration.Gym.Make("GridWorld-4x4-v0"));
        var result = agent.Learn(30_000);
        using var env = DotGym.Registration.Gym.Make("GridWorld-4x4-v0");
        var evaluation = agent.Evaluate(env, 1, seed: 0);
        output.WriteLine($"{algorithm}: {result.GlobalStep} steps, {result.WallSeconds:F1}s, eval return {evaluation.Returns[0]} in {evaluation.Lengths[0]} steps");
        Assert.Equal(6, evaluation.Lengths[0]);
        Assert.Equal(1.0, evaluation.Returns[0]);
    }

    [Fact]
    public void A2CLearnsCartPole()
    {
        using var agent = new A2C(CartPole.Make, new A2CConfig { Seed = 1, NumEnvs = 8, NSteps = 8, LearningRate = 1e-3, Optimizer = "adam" });
        var result = agent.Learn(150_000, new TrainingCallbacks { RewardThreshold = 195 });
        output.WriteLine($"a2c: steps to 195: {result.StepsToThreshold} ({result.SecondsToThreshold:F1}s), mean {result.MeanRecentReturn:F1}");
        Assert.True(result.ReachedThreshold, $"mean-20 return {result.MeanRecentReturn} after {result.GlobalStep} steps");
    }

    [Fact]
    public void ReinforceLearnsCartPole()
    {
        using var agent = new Reinforce(CartPole.Make, new ReinforceConfig { Seed = 1, NumEnvs = 8, LearningRate = 5e-3 });
        var result = agent.Learn(150_000, new TrainingCallbacks { RewardThreshold = 195 });
        output.WriteLine($"reinforce: steps to 195: {result.StepsToThreshold} ({result.SecondsToThreshold:F1}s), mean {result.MeanRecentReturn:F1}");
        Assert.True(result.ReachedThreshold, $"mean-20 return {result.MeanRecentReturn} after {result.GlobalStep} steps");
    }

    [Fact]
    public void PpoRespectsInfoActionMasksAndLearnsTheBestLegalAction()
    {
        // MaskedChoice throws on any illegal action, so training itself proves the mask holds.
        using var agent = new Ppo(() => new MaskedChoice(), new PpoConfig { Seed = 2, NumEnvs = 8, NSteps = 16, NumMinibatches = 1, LearningRate = 1e-2, HiddenSizes = [16] });
        agent.Learn(2_000);
        Assert.Equal(3, agent.Predict<int, int>(0, actionMask: [0, 1, 0, 1]));
        Assert.Equal(0, agent.Predict<int, int>(1, actionMask: [1, 0, 1, 0]));
        for (int k = 0; k < 50; k++)
            Assert.Contains(agent.Predict<int, int>(0, deterministic: false, actionMask: [0, 1, 0, 1]), new[] { 1, 3 });
    }

    [Fact]
    public void A2CReadsMasksFromAnActionMaskProvider()
    {
        using var agent = new A2C(() => new MaskProviderChoice(), new A2CConfig { Seed = 2, NumEnvs = 4, LearningRate = 3e-3, HiddenSizes = [16], ActionMasks = true });
        agent.Learn(3_000);
        using var env = new MaskProviderChoice();
        var evaluation = agent.Evaluate(env, 5, seed: 1);
        Assert.All(evaluation.Returns, r => Assert.Equal(8.0, r));
    }

    [Fact]
    public void PpoLearnsAMultiDiscreteBandit()
    {
        using var agent = new Ppo(() => new MultiDiscreteBandit(), new PpoConfig { Seed = 3, NumEnvs = 8, NSteps = 16, NumMinibatches = 1, LearningRate = 1e-2, HiddenSizes = [16] });
        agent.Learn(3_000);
        Assert.Equal([3, 1], agent.Predict<int, int[]>(0));
        Assert.Equal([1, 3], agent.Predict<int, int[]>(1));
    }

    [Fact]
    public void PpoReadsDictObservations()
    {
        using var agent = new Ppo(() => new DictGoal(), new PpoConfig { Seed = 5, NumEnvs = 8, NSteps = 16, NumMinibatches = 1, LearningRate = 1e-2, HiddenSizes = [16] });
        Assert.Equal(3 + 2, agent.ObsDim);
        agent.Learn(3_000);
        for (int goal = 0; goal < 3; goal++)
            Assert.Equal(goal, agent.Predict<IReadOnlyDictionary<string, object>, int>(DictGoal.Observation(goal, 0.3f, -0.5f)));
    }

    [Fact]
    public void PpoLearnsAContinuousReachingTask()
    {
        // A random policy scores about -7 per episode; moving straight to the target about -1.5.
        using var agent = new Ppo(Reach1D.Make, new PpoConfig { Seed = 4, NumEnvs = 16, NSteps = 32, NumMinibatches = 2, LearningRate = 3e-3, EntCoef = 0, HiddenSizes = [32, 32] });
        using var env = Reach1D.Make();
        double before = agent.Evaluate(env, 20, seed: 9).MeanReturn;
        agent.Learn(40_000);
        double after = agent.Evaluate(env, 20, seed: 9).MeanReturn;
        output.WriteLine($"reach: {before:F2} -> {after:F2}");
        Assert.True(after > -2.5, $"mean eval return {after:F2} (before training {before:F2})");
    }
}
