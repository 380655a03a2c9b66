using DotGym.Agents.Checkpoints;
using DotGym.Agents.Tests.TestEnvs;
using DotGym.Agents.Training;
using DotGym.Spaces;

namespace DotGym.Agents.Tests;

/// <summary>Determinism, checkpoints, Predict/Evaluate and bad input.</summary>
public class AgentTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dotgym-agent-tests-" + Guid.NewGuid().ToString("N"));

    public AgentTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static PpoConfig SmallPpo(long seed = 7) => new() { Seed = seed, NumEnvs = 4, NSteps = 16, NumMinibatches = 2, UpdateEpochs = 2, HiddenSizes = [16, 16] };

    private static List<string> Trace(Agent agent, long steps)
    {
        var trace = new List<string>();
        agent.Learn(steps, new TrainingCallbacks
        {
            EpisodeFinished = e => trace.Add($"ep {e.GlobalStep} {e.Env} {e.Return:R} {e.Length}"),
            UpdateFinished = u => trace.Add($"up {u.GlobalStep} " + string.Join(" ", u.Metrics.Where(m => m.Key != "sps" && !m.Key.EndsWith("_seconds")).OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}"))),
        });
        return trace;
    }

    private static float[] Weights(Agent agent) => agent.Policy.Network.Module.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData("ppo")]
    [InlineData("a2c")]
    [InlineData("reinforce")]
    public void SameSeedRepeatsBitForBitOnTheCpu(string algorithm)
    {
        Agent Make(long seed) => algorithm switch
        {
            "ppo" => new Ppo(CartPole.Make, SmallPpo(seed)),
            "a2c" => new A2C(CartPole.Make, new A2CConfig { Seed = seed, NumEnvs = 4, HiddenSizes = [16, 16] }),
            _ => new Reinforce(CartPole.Make, new ReinforceConfig { Seed = seed, NumEnvs = 4, HiddenSizes = [16, 16] }),
        };
        using var first = Make(7);
        using var second = Make(7);
        using var other = Make(8);
        var a = Trace(first, 1500);
        var b = Trace(second, 1500);
        var c = Trace(other, 1500);
        Assert.True(a.Count > 5);
        Assert.Equal(a, b);
        Assert.Equal(Weights(first), Weights(second));
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SaveAndLoadRoundTrip()
    {
        string path = Path.Combine(_folder, "cartpole.ckpt");
        using var agent = new Ppo(CartPole.Make, SmallPpo() with { NormalizeObservations = true, NormalizeRewards = true });
        agent.Learn(400);
        agent.Save(path);
        Assert.False(File.Exists(path + ".tmp"));
        using var loaded = (Ppo)Agent.Load(path, CartPole.Make);
        Assert.Equal(agent.Config, loaded.Config with { HiddenSizes = agent.Config.HiddenSizes });
        Assert.Equal(agent.Config.HiddenSizes, loaded.Config.HiddenSizes);
        Assert.Equal(agent.GlobalStep, loaded.GlobalStep);
        Assert.Equal(agent.Updates, loaded.Updates);
        Assert.Equal(agent.Episodes, loaded.Episodes);
        Assert.Equal(agent.RecentReturns, loaded.RecentReturns);
        Assert.Equal(Weights(agent), Weights(loaded));
        var rng = new System.Random(3);
        for (int k = 0; k < 20; k++)
        {
            var obs = Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.2f).ToArray();
            Assert.Equal(agent.Predict<float[], int>(obs), loaded.Predict<float[], int>(obs));
            Assert.Equal(agent.Predict<float[], int>(obs, deterministic: false), loaded.Predict<float[], int>(obs, deterministic: false));
        }
        var header = CheckpointFile.Read(path);
        Assert.Equal("ppo", header.Algorithm);
        Assert.Equal("Discrete(2)", header.ActionSpace);
        Assert.NotNull(header.EnvState); // CartPole supports state snapshots, so the checkpoint carries the envs' states
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("a2c")]
    [InlineData("reinforce")]
    public void ResumeWithEnvSnapshotsContinuesBitForBit(string algorithm)
    {
        AgentConfig config = algorithm switch
        {
            "ppo" => SmallPpo() with { AnnealLr = false, NormalizeObservations = true },
            "a2c" => new A2CConfig { Seed = 7, NumEnvs = 4, HiddenSizes = [16, 16], NormalizeRewards = true },
            _ => new ReinforceConfig { Seed = 7, NumEnvs = 4, HiddenSizes = [16, 16] },
        };
        // Reference: one uninterrupted run of 6 updates; note where update 3 ended.
        using var straight = Agent.Create(config, () => new SnapshotGrid());
        long stepAfterThree = 0;
        var reference = new List<string>();
        var stopStraight = new CancellationTokenSource();
        straight.Learn(100_000, new TrainingCallbacks
        {
            UpdateFinished = u =>
            {
                if (u.Update == 3) stepAfterThree = u.GlobalStep;
                if (u.Update > 3) reference.Add(Describe(u));
                if (u.Update == 6) stopStraight.Cancel(); // Learn checks between updates: stops after exactly 6
            },
        }, stopStraight.Token);

        // Interrupted: stop after update 3, save with env snapshots, load into a fresh agent, continue to 6.
        string path = Path.Combine(_folder, $"{algorithm}.ckpt");
        using (var first = Agent.Create(config, () => new SnapshotGrid()))
        {
            first.Learn(stepAfterThree);
            Assert.Equal(3, first.Updates);
            Assert.True(first.CanSnapshotEnvs);
            first.Save(path);
            Assert.NotNull(CheckpointFile.Read(path).EnvState);
        }
        using var resumed = Agent.Load(path, () => new SnapshotGrid());
        var continued = new List<string>();
        var stopResumed = new CancellationTokenSource();
        resumed.Learn(100_000, new TrainingCallbacks
        {
            UpdateFinished = u =>
            {
                continued.Add(Describe(u));
                if (u.Update == 6) stopResumed.Cancel();
            },
        }, stopResumed.Token);
        Assert.Equal(3, reference.Count);
        Assert.Equal(reference, continued);
        Assert.Equal(Weights(straight), Weights(resumed));
    }

    private static string Describe(UpdateReport u) =>
        $"{u.Update} {u.GlobalStep} " + string.Join(" ", u.Metrics.Where(m => m.Key != "sps" && !m.Key.EndsWith("_seconds")).OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}"));

    [Fact]
    public void CorruptTruncatedOrForeignCheckpointsAreRefused()
    {
        string path = Path.Combine(_folder, "good.ckpt");
        using (var agent = new Ppo(CartPole.Make, SmallPpo())) agent.Save(path);
        var bytes = File.ReadAllBytes(path);

        string flipped = Path.Combine(_folder, "flipped.ckpt");
        var copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0x40;
        File.WriteAllBytes(flipped, copy);
        var e1 = Assert.Throws<InvalidDataException>(() => Agent.Load(flipped, CartPole.Make));
        Assert.Contains("checksum", e1.Message);

        string truncated = Path.Combine(_folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        Assert.Throws<InvalidDataException>(() => Agent.Load(truncated, CartPole.Make));

        string foreign = Path.Combine(_folder, "foreign.ckpt");
        File.WriteAllText(foreign, "{\"not\": \"a checkpoint\"}");
        var e2 = Assert.Throws<InvalidDataException>(() => Agent.Load(foreign, CartPole.Make));
        Assert.Contains("magic", e2.Message);

        var e3 = Assert.Throws<FileNotFoundException>(() => Agent.Load(Path.Combine(_folder, "missing.ckpt"), CartPole.Make));
        Assert.Contains("No checkpoint", e3.Message);
    }

    [Fact]
    public void MismatchedCheckpointsAreRefusedWithTheReason()
    {
        string path = Path.Combine(_folder, "cartpole.ckpt");
        using (var agent = new Ppo(CartPole.Make, SmallPpo())) agent.Save(path);
        using var grid = new Ppo(Grid4x4.Make, SmallPpo());
        var e1 = Assert.Throws<InvalidDataException>(() => grid.LoadState(path));
        Assert.Contains("observation space", e1.Message);
        using var a2c = new A2C(CartPole.Make, new A2CConfig { NumEnvs = 4, HiddenSizes = [16, 16] });
        var e2 = Assert.Throws<InvalidDataException>(() => a2c.LoadState(path));
        Assert.Contains("algorithm", e2.Message);
        using var wider = new Ppo(CartPole.Make, SmallPpo() with { HiddenSizes = [32, 32] });
        var e3 = Assert.Throws<InvalidDataException>(() => wider.LoadState(path));
        Assert.Contains("hidden_sizes", e3.Message);
    }

    [Fact]
    public void EvaluateAndPredictCheckTheirInputs()
    {
        using var agent = new Ppo(CartPole.Make, SmallPpo());
        using var evalEnv = CartPole.Make();
        var result = agent.Evaluate(evalEnv, 3, seed: 5);
        Assert.Equal(3, result.Returns.Length);
        Assert.All(result.Lengths, l => Assert.InRange(l, 1, 500));
        Assert.Equal(result.Returns, agent.Evaluate(evalEnv, 3, seed: 5).Returns); // deterministic policy, same seed
        Assert.Throws<ArgumentException>(() => agent.Predict<int, int>(3));
        Assert.Throws<ArgumentException>(() => agent.Predict<float[], float[]>(new float[4]));
        using var gridEnv = Grid4x4.Make();
        Assert.Throws<ArgumentException>(() => agent.Evaluate(gridEnv, 1));
    }
}
