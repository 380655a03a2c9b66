using DotGym.Agents.Tests.Cli;
using System.Text.Json;
using DotGym.Agents.Tests.TestEnvs;
using DotGym.Cli;
using DotGym.Registration;

namespace DotGym.Agents.Tests.Logging;

/// <summary>
/// A resume over envs without a state snapshot says so: Agent.Load raises a warning with the fix, the agent reports
/// ResumedExactly = false, and `dotgym train --resume` records it in summary.json; envs with snapshots resume exactly.
/// </summary>
public sealed class HonestResumeTests : IDisposable
{
    private const string NoSnapshotId = "NoSnapshotGrid-v0";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dotgym-resume-" + Guid.NewGuid().ToString("N"));

    public HonestResumeTests() => Gym.Register(NoSnapshotId, _ => new Grid4x4(), maxEpisodeSteps: 20);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static string[] Train(string env, string folder, params string[] extra) =>
        ["train", "--env", env, "--algo", "ppo", "--seed", "2", "--steps", "2048", "--device", "cpu", "--eval-episodes", "2",
         "--set", "num_envs=2", "--set", "n_steps=64", "--checkpoint-every", "512", "--no-progress", "--out", folder, .. extra];

    [Fact]
    public void AgentLoadWarnsWithTheFixWhenTheEnvsHaveNoSnapshot()
    {
        Assert.False(new Grid4x4().SupportsStateSnapshot);
        string path = Path.Combine(_root, "grid.ckpt");
        var config = new PpoConfig { Seed = 1, NumEnvs = 2, NSteps = 16 };
        using (var agent = Agent.Create(config, () => Gym.Make(NoSnapshotId)))
        {
            agent.Learn(64);
            Assert.Null(agent.ResumedExactly);
            agent.Save(path);
        }
        using var warnings = DotGymWarnings.Capture();
        using var loaded = Agent.Load(path, () => Gym.Make(NoSnapshotId));
        Assert.False(loaded.ResumedExactly);
        var warning = Assert.Single(warnings.Warnings, w => w.Source == "Agent.Load");
        Assert.Equal(loaded.InexactResumeReason, warning.Message);
        Assert.Contains("Grid4x4", warning.Message);
        Assert.Contains("will not equal an uninterrupted run", warning.Message);
        Assert.Contains("SupportsStateSnapshot => true, SaveState(BinaryWriter) and LoadState(BinaryReader)", warning.Message);
        Assert.Contains("NpRandom.SaveState", warning.Message);
    }

    [Fact]
    public void AgentLoadOverSnapshotEnvsResumesExactlyAndSaysNothing()
    {
        string path = Path.Combine(_root, "cartpole.ckpt");
        var config = new PpoConfig { Seed = 1, NumEnvs = 2, NSteps = 16 };
        using (var agent = Agent.Create(config, () => Gym.Make("CartPole-v1")))
        {
            agent.Learn(64);
            agent.Save(path);
            agent.Save(path + ".noenv", includeEnvState: false);
        }
        using (var warnings = DotGymWarnings.Capture())
        using (var loaded = Agent.Load(path, () => Gym.Make("CartPole-v1")))
        {
            Assert.True(loaded.ResumedExactly);
            Assert.Null(loaded.InexactResumeReason);
            Assert.DoesNotContain(warnings.Warnings, w => w.Source == "Agent.Load");
        }
        using (var warnings = DotGymWarnings.Capture())
        using (var loaded = Agent.Load(path + ".noenv", () => Gym.Make("CartPole-v1")))
        {
            Assert.False(loaded.ResumedExactly);
            Assert.Contains("includeEnvState", Assert.Single(warnings.Warnings, w => w.Source == "Agent.Load").Message);
        }
    }

    [Fact]
    public void TrainResumeWarnsOnStderrAndRecordsItInTheSummary()
    {
        string folder = Path.Combine(_root, "grid");
        Assert.Equal(0, Program.Main(Train(NoSnapshotId, folder, "--stop-after", "1024")));
        DotGymWarnings.ToStandardError();
        DotGymWarnings.ForgetShown();
        var (code, error) = DotgymProcess.RunCapturingStderr(["train", "--resume", folder, "--no-progress"]);
        Assert.Equal(0, code);
        Assert.Contains("warning: [Agent.Load]", error);
        Assert.Contains("SaveState", error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("finished").GetBoolean());
        Assert.False(summary.RootElement.GetProperty("resumed_exactly").GetBoolean());
        Assert.Contains("Grid4x4", summary.RootElement.GetProperty("resume_warning").GetString());

        // Evaluating does not continue training, so the resume warning does not apply there.
        DotGymWarnings.ForgetShown();
        var (evalCode, evalError) = DotgymProcess.RunCapturingStderr(["eval", folder, "--episodes", "1"]);
        Assert.Equal(0, evalCode);
        Assert.DoesNotContain("[Agent.Load]", evalError);
    }

    [Fact]
    public void TrainResumeOverSnapshotEnvsRecordsAnExactResume()
    {
        string folder = Path.Combine(_root, "cartpole");
        Assert.Equal(0, Program.Main(Train("CartPole-v1", folder, "--stop-after", "1024")));
        using (var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))))
            Assert.Equal(JsonValueKind.Null, partial.RootElement.GetProperty("resumed_exactly").ValueKind);
        Assert.Equal(0, Program.Main(["train", "--resume", folder, "--no-progress"]));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("resumed_exactly").GetBoolean());
        Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("resume_warning").ValueKind);
    }
}
