using DotGym.Agents.Presets;
using DotGym.Agents.Tests.TestEnvs;
using DotGym.Spaces;

namespace DotGym.Agents.Tests;

/// <summary>Configurations and envs the agents cannot run fail early with a message naming the problem.</summary>
public class BadConfigTests
{
    [Fact]
    public void ActionMasksOnABoxActionSpaceAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ppo(Reach1D.Make, new PpoConfig { NumEnvs = 2, ActionMasks = true }));
        Assert.Contains("Discrete", e.Message);
        Assert.Contains("action_masks", e.Message);
    }

    [Fact]
    public void RequiredMasksMustBeProvided()
    {
        var e = Assert.Throws<ArgumentException>(() => new A2C(Grid4x4.Make, new A2CConfig { NumEnvs = 2, ActionMasks = true }));
        Assert.Contains("action_mask", e.Message);
    }

    [Fact]
    public void IntegerBoxActionsAreNotSupported()
    {
        var e = Assert.Throws<NotSupportedException>(() => new Reinforce(new IntBoxEnv(), new ReinforceConfig { NumEnvs = 1 }));
        Assert.Contains("integer Box", e.Message);
    }

    [Theory]
    [InlineData("n_steps=0", "n_steps")]
    [InlineData("gamma=1.5", "gamma")]
    [InlineData("clip_coef=0", "clip_coef")]
    [InlineData("num_minibatches=100000", "num_minibatches")]
    [InlineData("activation=sigmoid", "activation")]
    [InlineData("hidden_sizes=[64,0]", "hidden_sizes")]
    [InlineData("target_kl=-1", "target_kl")]
    [InlineData("learnin_rate=1", "Unknown ppo setting 'learnin_rate'")]
    [InlineData("learning_rate", "key=value")]
    public void BadPpoSettingsAreNamed(string item, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ConfigBinder.Apply(new PpoConfig(), [item]));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void OverridesParseJsonValuesAndBareWords()
    {
        var config = ConfigBinder.Apply(new PpoConfig(), ["learning_rate=3e-4", "hidden_sizes=[32, 16]", "device=cpu", "target_kl=0.02", "norm_adv=false"]);
        Assert.Equal(3e-4, config.LearningRate);
        Assert.Equal([32, 16], config.HiddenSizes);
        Assert.Equal(0.02, config.TargetKl);
        Assert.False(config.NormAdv);
    }

    [Fact]
    public void ASingleEnvNeedsNumEnvsOne()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ppo(CartPole.Make(), new PpoConfig { NumEnvs = 4 }));
        Assert.Contains("num_envs", e.Message);
    }

    [Fact]
    public void UnknownDeviceIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ppo(CartPole.Make, new PpoConfig { Device = "tpu" }));
        Assert.Contains("cpu", e.Message);
    }

    [Fact]
    public void PresetsMergeDefaultEnvAndOverrides()
    {
        var cartPole = AgentPresets.Get<PpoConfig>("CartPole-v1");
        Assert.Equal(8, cartPole.NumEnvs);
        Assert.Equal(32, cartPole.NSteps);
        Assert.Equal(20, cartPole.UpdateEpochs);
        Assert.Equal(0.98, cartPole.Gamma);
        Assert.Equal(0.5, cartPole.MaxGradNorm); // from default
        var unknownEnv = AgentPresets.Get<PpoConfig>("NoSuchEnv-v0");
        Assert.Equal(128, unknownEnv.NSteps);
        var overridden = AgentPresets.Get<PpoConfig>("CartPole-v1", ["n_steps=64"]);
        Assert.Equal(64, overridden.NSteps);
        Assert.Contains("CartPole-v1", AgentPresets.EnvIds("a2c"));
        Assert.IsType<ReinforceConfig>(AgentPresets.Get("reinforce", "CartPole-v1"));
        Assert.Throws<ArgumentException>(() => AgentPresets.Get("dqn", "CartPole-v1"));
        var fast = AgentPresets.Get<PpoConfig>("CartPole-v1@fast");
        Assert.Equal(32, fast.NumEnvs);
        Assert.Equal(4, fast.UpdateEpochs);
        Assert.Equal(0.5, fast.MaxGradNorm);
        var e = Assert.Throws<ArgumentException>(() => AgentPresets.Get<PpoConfig>("CartPole-v1@slow"));
        Assert.Contains("CartPole-v1@fast", e.Message);
    }

    private sealed class IntBoxEnv : Env<int, int[]>
    {
        public override Space<int> ObservationSpace { get; } = new Discrete(2);
        public override Space<int[]> ActionSpace { get; } = new Box<int>(0, 3, 2);
        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(0, Infos.Empty);
        public override StepResult<int> Step(int[] action) => new(0, 0, true, false, Infos.Empty);
    }
}
