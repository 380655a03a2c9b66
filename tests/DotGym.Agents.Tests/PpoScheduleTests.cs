using DotGym.Agents.Tests.TestEnvs;
using DotGym.Agents.Training;

namespace DotGym.Agents.Tests;

/// <summary>
/// PPO's clip-range schedule (rl-zoo's <c>lin_0.2</c>: <c>anneal_clip_coef</c>) follows the learning rate's linear
/// schedule to 0, a constant clip coefficient stays put, and turning value clipping off (SB3's default) changes the update.
/// </summary>
public class PpoScheduleTests
{
    private static PpoConfig Small(bool annealClip, bool clipVloss = true) => new()
    {
        Seed = 3, NumEnvs = 4, NSteps = 16, NumMinibatches = 2, UpdateEpochs = 2, HiddenSizes = [16, 16],
        LearningRate = 1e-3, AnnealLr = true, ClipCoef = 0.2, AnnealClipCoef = annealClip, ClipVloss = clipVloss,
    };

    private static List<IReadOnlyDictionary<string, double>> Updates(PpoConfig config, long steps = 640)
    {
        var updates = new List<IReadOnlyDictionary<string, double>>();
        using var agent = new Ppo(CartPole.Make, config);
        agent.Learn(steps, new TrainingCallbacks { UpdateFinished = u => updates.Add(u.Metrics) });
        return updates;
    }

    [Fact]
    public void AnnealedClipCoefficientFallsLinearlyWithTheLearningRate()
    {
        var updates = Updates(Small(annealClip: true));
        Assert.True(updates.Count >= 8);
        Assert.Equal(0.2, updates[0]["clip_coef"], 12);
        foreach (var u in updates) Assert.Equal(u["learning_rate"] / 1e-3, u["clip_coef"] / 0.2, 12);
        for (int k = 1; k < updates.Count; k++) Assert.True(updates[k]["clip_coef"] < updates[k - 1]["clip_coef"]);
        Assert.True(updates[^1]["clip_coef"] < 0.05, $"the last update's clip_coef {updates[^1]["clip_coef"]} should be near 0");
    }

    [Fact]
    public void ConstantClipCoefficientStaysPut() =>
        Assert.All(Updates(Small(annealClip: false)), u => Assert.Equal(0.2, u["clip_coef"]));

    [Fact]
    public void ValueClippingOffChangesTheValueUpdate()
    {
        // Clipping only bites once the critic moves by more than clip_coef within one update: many epochs, a large step.
        var clipped = Updates(Small(annealClip: false, clipVloss: true) with { UpdateEpochs = 10, LearningRate = 1e-2 });
        var unclipped = Updates(Small(annealClip: false, clipVloss: false) with { UpdateEpochs = 10, LearningRate = 1e-2 });
        Assert.NotEqual(clipped.Select(u => u["value_loss"]), unclipped.Select(u => u["value_loss"]));
    }
}
