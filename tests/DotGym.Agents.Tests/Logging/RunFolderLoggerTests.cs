using System.Text.Json;
using DotGym.Agents.Logging;
using DotGym.Agents.Presets;
using DotGym.Agents.Training;
using DotGym.Cli;
using DotGym.Registration;

namespace DotGym.Agents.Tests.Logging;

/// <summary>
/// The run folder logged from the C# API (RunFolderLogger attached to Learn) is the one `dotgym train` writes:
/// the same files, the same CSV headers and, with the same seed, the same rows apart from wall-clock values.
/// </summary>
public sealed class RunFolderLoggerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dotgym-logger-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Relative paths of a run folder's files (TensorBoard's event files named by their folder: their names hold a timestamp).</summary>
    private static string[] Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Select(f => f.StartsWith("tensorboard/", StringComparison.Ordinal) ? "tensorboard/<events>" : f)
            .Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>A CSV's rows without the wall-clock columns (*_seconds), which never repeat.</summary>
    private static string[] Rows(string folder, string file)
    {
        var rows = File.ReadAllLines(Path.Combine(folder, file)).Select(l => l.Split(',')).ToArray();
        var keep = rows[0].Select((c, i) => (c, i)).Where(x => !x.c.EndsWith("_seconds", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        return rows.Select(r => string.Join(",", keep.Select(i => r[i]))).ToArray();
    }

    private static string[] JsonKeys(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void ARunLoggedFromTheApiEqualsTheRunDotgymTrainWrites()
    {
        string cli = Path.Combine(_root, "cli"), api = Path.Combine(_root, "api");
        Assert.Equal(0, Program.Main(["train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", "3", "--steps", "3000", "--device", "cpu",
            "--eval-episodes", "3", "--checkpoint-every", "1000", "--no-progress", "--out", cli]));

        // The same run from C#: the preset, the sync vector env, the logger on Learn's callbacks, the final evaluation.
        const long seed = 3;
        var config = AgentPresets.Get("ppo", "CartPole-v1") with { Seed = seed, Device = "cpu" };
        double? threshold = Gym.Spec("CartPole-v1").RewardThreshold;
        using (var agent = Agent.Create(config, Gym.MakeVec("CartPole-v1", config.NumEnvs)))
        using (var evalEnv = Gym.Make("CartPole-v1"))
        using (var logger = new RunFolderLogger(api))
        {
            logger.SaveConfig(agent, "CartPole-v1");
            var callbacks = logger.Attach(new TrainingCallbacks { CheckpointInterval = 1000, RewardThreshold = threshold, StopAtRewardThreshold = false },
                evalEnv, evaluationEpisodes: 3, evaluationSeed: seed + 1_000_000);
            agent.Learn(3000, callbacks);
            var summary = logger.Finish(agent, "CartPole-v1", agent.Evaluate(evalEnv, 3, seed + 1_000_000), rewardThreshold: threshold);
            Assert.True(summary.Finished);
            Assert.Null(summary.ResumedExactly); // never resumed
        }

        Assert.Equal(Files(cli), Files(api));
        Assert.Contains("learning_curve.png", Files(api));
        Assert.Contains("tensorboard/<events>", Files(api));
        Assert.Contains(Files(api), f => f.StartsWith("checkpoints/step_", StringComparison.Ordinal));
        foreach (var csv in new[] { "episodes.csv", "metrics.csv", "eval.csv" })
        {
            Assert.Equal(File.ReadLines(Path.Combine(cli, csv)).First(), File.ReadLines(Path.Combine(api, csv)).First());
            Assert.Equal(Rows(cli, csv), Rows(api, csv));
        }
        Assert.True(File.ReadAllLines(Path.Combine(api, "episodes.csv")).Length > 10);
        Assert.Equal(JsonKeys(Path.Combine(cli, "summary.json")), JsonKeys(Path.Combine(api, "summary.json")));
        using var apiConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(api, "config.json")));
        using var cliConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli, "config.json")));
        Assert.Equal(cliConfig.RootElement.GetProperty("agent").GetRawText(), apiConfig.RootElement.GetProperty("agent").GetRawText());
    }

    [Fact]
    public void AttachKeepsTheCallersOwnCallbacksAndCheckpointsOnlyTheLastThree()
    {
        string folder = Path.Combine(_root, "own");
        int episodes = 0, updates = 0;
        var config = new PpoConfig { Seed = 1, Device = "cpu", NumEnvs = 2, NSteps = 64 };
        using var agent = Agent.Create(config, Gym.MakeVec("CartPole-v1", 2));
        using (var logger = new RunFolderLogger(folder))
        {
            agent.Learn(1280, logger.Attach(new TrainingCallbacks
            {
                EpisodeFinished = _ => episodes++,
                UpdateFinished = _ => updates++,
                CheckpointInterval = 128,
            }));
            Assert.Equal(episodes, logger.Episodes.Count);
        }
        Assert.True(episodes > 0);
        Assert.True(updates >= 10, $"{updates} updates");
        Assert.Equal(updates + 1, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);
        Assert.Equal(RunFolderLogger.CheckpointsKept, Directory.GetFiles(Path.Combine(folder, RunFolderLogger.CheckpointFolder)).Length);
        Assert.Matches(@"step_\d{10}\.ckpt$", RunFolderLogger.LatestCheckpoint(folder));
        using var other = new RunFolderLogger(Path.Combine(_root, "bad"));
        Assert.Throws<ArgumentOutOfRangeException>(() => other.Attach(evaluationEpisodes: 0));
    }
}
