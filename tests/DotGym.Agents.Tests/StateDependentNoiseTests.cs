using DotGym.Agents.Policies;
using DotGym.Agents.Training;
using DotGym.Registration;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests;

/// <summary>
/// gSDE (use_sde): the noise weights give the Gaussian the losses score, the noise is a fixed function of the state
/// between draws, only log_std learns through the std, runs repeat and resume bit for bit, and misuse gets a clear error.
/// </summary>
public class StateDependentNoiseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dotgym-gsde-tests-" + Guid.NewGuid().ToString("N"));

    public StateDependentNoiseTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static PpoConfig SdePpo(long seed = 5) => new()
    {
        Seed = seed, NumEnvs = 2, NSteps = 32, NumMinibatches = 2, UpdateEpochs = 2, HiddenSizes = [16, 16],
        UseSde = true, LogStdInit = -1.0, AnnealLr = false,
    };

    private static Ppo PendulumAgent(PpoConfig config) => new(() => Gym.Make("Pendulum-v1"), config);

    [Fact]
    public void NoiseWeightsGiveTheGaussianTheLossesScore()
    {
        using var agent = PendulumAgent(SdePpo() with { NumEnvs = 1 });
        var policy = agent.Policy;
        Assert.True(policy.UsesStateDependentNoise);
        Assert.Equal(new long[] { 16, 1 }, policy.Network.LogStd!.shape); // [last hidden width, actions]
        const int rows = 40_000;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var obs = tensor(new float[] { 0.6f, -0.8f, 1.5f }).reshape(1, 3).expand(rows, 3).contiguous();
        using var generator = new Generator(11, CPU);

        // Every row its own weights: over the draws, the actions are N(mean, f^2 · sigma^2).
        policy.ResetNoise(rows, generator);
        var (actions, logProb) = policy.Sample(obs, null, generator);
        var (mean, features) = ((IStateDependentNoiseNetwork)policy.Network).ActorOutputAndFeatures(obs.narrow(0, 0, 1));
        double expectedStd = StateDependentNoise.RowLogStd(features, policy.Network.LogStd!).exp().item<float>();
        double sampleMean = actions.mean().item<float>(), sampleStd = actions.std().item<float>();
        Assert.InRange(sampleMean - mean.item<float>(), -4 * expectedStd / Math.Sqrt(rows), 4 * expectedStd / Math.Sqrt(rows));
        Assert.InRange(sampleStd / expectedStd, 0.98, 1.02);

        // The log-probability stored at sampling is the one Evaluate gives the same action.
        var (evaluated, entropy) = policy.Evaluate(obs, null, actions);
        Assert.True(evaluated.allclose(logProb, rtol: 1e-5, atol: 1e-5));
        double analytic = -0.5 * Math.Log(2 * Math.PI * Math.E * expectedStd * expectedStd);
        Assert.Equal(-analytic, entropy[0].item<float>(), 4);

        // Between draws the noise is a fixed function of the state; a new draw changes it.
        var again = policy.Sample(obs, null, generator).Actions;
        Assert.True(again.allclose(actions, rtol: 0, atol: 0));
        policy.ResetNoise(rows, generator);
        Assert.False(policy.Sample(obs, null, generator).Actions.allclose(actions, rtol: 0, atol: 0));
    }

    [Fact]
    public void OnlyLogStdLearnsThroughTheStd()
    {
        using var agent = PendulumAgent(SdePpo());
        var policy = agent.Policy;
        var obs = tensor(new float[] { 0.6f, -0.8f, 1.5f, -0.2f, 0.98f, -3f }).reshape(2, 3);
        var (_, entropy) = policy.Evaluate(obs, null, zeros(2, 1));
        entropy.sum().backward();
        var logStd = policy.Network.LogStd!;
        Assert.True(logStd.grad is { } g && g.abs().sum().item<float>() > 0, "the entropy must depend on log_std");
        // The entropy depends on the state only through the features, which gSDE reads without gradient (learn_features=False).
        foreach (var (name, parameter) in policy.Network.Module.named_parameters())
            if (name.StartsWith("actor", StringComparison.Ordinal))
                Assert.True(parameter.grad is null || parameter.grad.abs().sum().item<float>() == 0, $"{name} got a gradient from the entropy");
    }

    [Fact]
    public void SameSeedRepeatsAndResumesBitForBit()
    {
        var config = SdePpo() with { SdeSampleFreq = 4, NormalizeObservations = true };
        List<string> Run(Agent agent, long steps)
        {
            var trace = new List<string>();
            agent.Learn(steps, new TrainingCallbacks
            {
                UpdateFinished = u => trace.Add($"{u.Update} {u.GlobalStep} " + string.Join(" ", u.Metrics
                    .Where(m => m.Key != "sps" && !m.Key.EndsWith("_seconds")).OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}"))),
            });
            return trace;
        }
        using var straight = PendulumAgent(config);
        using var twin = PendulumAgent(config);
        using var other = PendulumAgent(config with { Seed = 6 });
        var reference = Run(straight, 64 * 6);
        Assert.Equal(reference, Run(twin, 64 * 6));
        Assert.NotEqual(reference, Run(other, 64 * 6));

        string path = Path.Combine(_folder, "gsde.ckpt");
        using (var first = PendulumAgent(config))
        {
            var head = Run(first, 64 * 3);
            Assert.Equal(reference[..3], head);
            first.Save(path);
        }
        using var resumed = Agent.Load(path, () => Gym.Make("Pendulum-v1"));
        Assert.True(resumed.Policy.UsesStateDependentNoise);
        Assert.Equal(reference[3..], Run(resumed, 64 * 6));

        // The stochastic Predict of one observation needs no noise weights (a fresh draw from the same Gaussian).
        var action = resumed.Predict<float[], float[]>([1f, 0f, 0f], deterministic: false);
        Assert.Single(action);
        Assert.True(float.IsFinite(action[0]));
    }

    [Fact]
    public void MisuseIsRefusedWithTheFix()
    {
        var discrete = Assert.Throws<ArgumentException>(() => new Ppo(() => Gym.Make("CartPole-v1"), SdePpo()));
        Assert.Contains("use_sde = true needs a Box action space", discrete.Message);
        var frequency = Assert.Throws<ArgumentException>(() => PendulumAgent(SdePpo() with { SdeSampleFreq = 0 }));
        Assert.Contains("sde_sample_freq = 0", frequency.Message);

        using var agent = PendulumAgent(SdePpo());
        using var generator = new Generator(1, CPU);
        var obs = zeros(3, 3);
        var unset = Assert.Throws<InvalidOperationException>(() => agent.Policy.Sample(obs, null, generator));
        Assert.Contains("call ResetNoise(3, generator) first", unset.Message);
        agent.Policy.ResetNoise(2, generator);
        var wrongRows = Assert.Throws<InvalidOperationException>(() => agent.Policy.Sample(obs, null, generator));
        Assert.Contains("the last call was for 2", wrongRows.Message);
    }

    [Fact]
    public void TheRuntimeActsAndSamplesAsTheAgent()
    {
        using var agent = PendulumAgent(SdePpo() with { NumEnvs = 1 });
        agent.Learn(64);
        var runtime = agent.ToRuntimePolicy();
        Assert.Equal(DotGym.Runtime.ActionHeadKind.StateDependentContinuous, runtime.Model.Head.Kind);
        Assert.Equal(16, runtime.Model.Head.NoiseFeatures);
        float[] obs = [0.6f, -0.8f, 1.5f];
        var action = new float[1];
        runtime.Act(obs, action);
        Assert.Equal(agent.Predict<float[], float[]>(obs), action);

        // The runtime's std (sampled) is the one the agent's losses use.
        double expectedStd;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var (_, features) = ((IStateDependentNoiseNetwork)agent.Policy.Network).ActorOutputAndFeatures(tensor(obs).reshape(1, 3));
            expectedStd = StateDependentNoise.RowLogStd(features, agent.Policy.Network.LogStd!).exp().item<float>();
        }
        // The same model with the head unclipped, so that the samples show the whole spread.
        var model = runtime.Model;
        var unclipped = new DotGym.Runtime.RuntimePolicy(new DotGym.Runtime.PolicyModel(model.Encoding, model.ObservationWidth, model.Normalization, model.Layers,
            DotGym.Runtime.ActionHead.StateDependentContinuous(model.Head.Low, model.Head.High, model.Head.LogStd, model.Head.NoiseFeatures, clipToBounds: false)));
        var random = new System.Random(2);
        double sum = 0, sumSquares = 0;
        const int draws = 40_000;
        var sampled = new float[1];
        for (int i = 0; i < draws; i++)
        {
            unclipped.Sample(obs, sampled, random);
            sum += sampled[0];
            sumSquares += sampled[0] * (double)sampled[0];
        }
        double m = sum / draws, std = Math.Sqrt(sumSquares / draws - m * m);
        Assert.InRange(std / expectedStd, 0.97, 1.03);
    }
}
