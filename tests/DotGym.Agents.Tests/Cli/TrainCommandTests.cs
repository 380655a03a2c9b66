using System.Text.Json;
using DotGym.Cli;
using DotGym.Cli.Commands;

namespace DotGym.Agents.Tests.Cli;

/// <summary>
/// `dotgym train/eval/play` end to end on short runs: the run folder's files, bit-identical repeat and resume on the
/// CPU, and clear failures for bad input.
/// </summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dotgym-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string Run(string name) => Path.Combine(_root, name);

    private static int Dotgym(params string[] args) => Program.Main(args);

    private static string[] Train(string folder, params string[] extra) =>
        ["train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", "3", "--steps", "3000", "--device", "cpu",
         "--eval-episodes", "3", "--checkpoint-every", "1000", "--no-progress", "--out", folder, .. extra];

    /// <summary>metrics.csv without the wall-clock columns (which never repeat).</summary>
    private static string[] DeterministicMetrics(string folder)
    {
        var rows = File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => l.Split(',')).ToArray();
        var keep = rows[0].Select((c, i) => (c, i)).Where(x => !x.c.EndsWith("_seconds", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        return rows.Select(r => string.Join(",", keep.Select(i => r[i]))).ToArray();
    }

    /// <summary>
    /// Threaded stepping trains the same run as sync. The native SIMD CartPole batch is Gymnasium's CartPoleVectorEnv
    /// (one generator for every reset), so its episodes differ from sync's (seed + i per env), but a native run
    /// interrupted and resumed in a fresh process ends identical to the uninterrupted one (the batch snapshots its whole
    /// state, generator included).
    /// </summary>
    [Fact]
    public void ThreadedTrainsTheSameRunAsSyncAndNativeResumesExactly()
    {
        Assert.Equal(0, Dotgym(Train(Run("sync"))));
        Assert.Equal(0, Dotgym(Train(Run("native"), "--vectorization", "native")));
        Assert.Equal(0, Dotgym(Train(Run("threaded"), "--vectorization", "threaded")));
        var episodes = File.ReadAllLines(Path.Combine(Run("sync"), "episodes.csv"));
        Assert.True(episodes.Length > 10);
        Assert.Equal(episodes, File.ReadAllLines(Path.Combine(Run("threaded"), "episodes.csv")));
        Assert.Equal(DeterministicMetrics(Run("sync")), DeterministicMetrics(Run("threaded")));
        var nativeEpisodes = File.ReadAllLines(Path.Combine(Run("native"), "episodes.csv"));
        Assert.NotEqual(episodes, nativeEpisodes);

        Assert.Equal(0, Dotgym(Train(Run("native-resumed"), "--vectorization", "native", "--stop-after", "1500")));
        Assert.Equal(0, Dotgym("train", "--resume", Run("native-resumed"), "--no-progress"));
        Assert.Equal(nativeEpisodes, File.ReadAllLines(Path.Combine(Run("native-resumed"), "episodes.csv")));
        Assert.Equal(DeterministicMetrics(Run("native")), DeterministicMetrics(Run("native-resumed")));
    }

    /// <summary>
    /// --vectorization tensor trains PPO on the tensor CartPole through the on-device path into an ordinary run folder
    /// (episodes summarised on the device: env -1 rows), repeats exactly on the CPU, and refuses other algorithms and
    /// envs without a tensor form before writing anything.
    /// </summary>
    [Fact]
    public void TensorVectorizationTrainsPpoOnTheDeviceAndRepeats()
    {
        string[] tensor = ["--vectorization", "tensor", "--preset", "tensor", "--num-envs", "32", "--set", "n_steps=16"];
        Assert.Equal(0, Dotgym(Train(Run("tensor"), tensor)));
        Assert.Equal(0, Dotgym(Train(Run("tensor-again"), tensor)));
        var episodes = File.ReadAllLines(Path.Combine(Run("tensor"), "episodes.csv"));
        Assert.True(episodes.Length > 1);
        Assert.All(episodes.Skip(1), row => Assert.Equal("-1", row.Split(',')[1]));
        Assert.Equal(episodes, File.ReadAllLines(Path.Combine(Run("tensor-again"), "episodes.csv")));
        Assert.Equal(DeterministicMetrics(Run("tensor")), DeterministicMetrics(Run("tensor-again")));
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("tensor"), "config.json"))))
            Assert.Equal("tensor", config.RootElement.GetProperty("vectorization").GetString());

        Assert.NotEqual(0, Dotgym("train", "--env", "CartPole-v1", "--algo", "a2c", "--vectorization", "tensor", "--steps", "100", "--no-progress", "--out", Run("a2c")));
        Assert.NotEqual(0, Dotgym("train", "--env", "Pendulum-v1", "--vectorization", "tensor", "--steps", "100", "--no-progress", "--out", Run("pendulum")));
        Assert.False(File.Exists(Path.Combine(Run("a2c"), "config.json")));
        Assert.False(File.Exists(Path.Combine(Run("pendulum"), "config.json")));
    }

    /// <summary>
    /// Acrobot's default preset normalises observations, which the on-device path cannot do yet: refused before anything
    /// is written, with the fix named; its tensor preset trains.
    /// </summary>
    [Fact]
    public void TensorAcrobotTrainsWithItsTensorPresetAndRefusesNormalisingPresets()
    {
        string[] acrobot = ["train", "--env", "Acrobot-v1", "--vectorization", "tensor", "--device", "cpu", "--steps", "20480", "--eval-episodes", "1", "--no-progress"];
        // The CLI writes its errors through Spectre's console: capture it, unwrapped (test classes run one at a time).
        var output = new StringWriter();
        var previous = Spectre.Console.AnsiConsole.Console;
        var capture = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Out = new Spectre.Console.AnsiConsoleOutput(output),
        });
        capture.Profile.Width = 10_000;
        Spectre.Console.AnsiConsole.Console = capture;
        int code;
        try { code = Dotgym([.. acrobot, "--out", Run("acrobot-default")]); }
        finally { Spectre.Console.AnsiConsole.Console = previous; }
        string error = output.ToString();
        Assert.NotEqual(0, code);
        Assert.Contains("--preset tensor", error);
        Assert.Contains("normalize_observations=false", error);
        Assert.False(File.Exists(Path.Combine(Run("acrobot-default"), "config.json")));

        Assert.Equal(0, Dotgym([.. acrobot, "--preset", "tensor", "--num-envs", "16", "--out", Run("acrobot-tensor")]));
        var episodes = File.ReadAllLines(Path.Combine(Run("acrobot-tensor"), "episodes.csv"));
        Assert.True(episodes.Length > 1, "20,480 steps of 16 acrobots (1,280 each) end episodes, by the 500-step limit at least");
    }

    [Fact]
    public void NumEnvsOverridesThePresetAndNativeNeedsAnEnvThatHasOne()
    {
        Assert.Equal(0, Dotgym(Train(Run("wide"), "--vectorization", "native", "--num-envs", "64")));
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("wide"), "config.json"))))
        {
            Assert.Equal(64, config.RootElement.GetProperty("agent").GetProperty("num_envs").GetInt32());
            Assert.Equal("native", config.RootElement.GetProperty("vectorization").GetString());
        }
        Assert.NotEqual(0, Dotgym("train", "--env", "FrozenLake-v1", "--vectorization", "native", "--steps", "100", "--no-progress", "--out", Run("fl")));
        Assert.False(File.Exists(Path.Combine(Run("fl"), "config.json")));
        Assert.NotEqual(0, Dotgym(Train(Run("zero"), "--num-envs", "0")));
    }

    [Fact]
    public void TrainWritesTheRunFolderAndRepeatsExactlyAndResumesExactly()
    {
        Assert.Equal(0, Dotgym(Train(Run("a"))));
        foreach (var file in new[] { "config.json", "metrics.csv", "episodes.csv", "eval.csv", "model.ckpt", "learning_curve.png", "summary.json" })
            Assert.True(File.Exists(Path.Combine(Run("a"), file)), $"missing {file}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Run("a"), "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Run("a"), "checkpoints"), "step_*.ckpt"));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("a"), "summary.json")));
        var s = summary.RootElement;
        foreach (var key in new[] { "env", "algo", "seed", "device", "total_env_steps", "wall_seconds", "env_steps_per_second", "eval_mean_return",
                     "eval_std_return", "eval_episodes", "steps_to_threshold", "seconds_to_threshold" })
            Assert.True(s.TryGetProperty(key, out _), $"summary.json lacks {key}");
        Assert.Equal("CartPole-v1", s.GetProperty("env").GetString());
        Assert.True(s.GetProperty("total_env_steps").GetInt64() >= 3000);
        Assert.Equal(3, s.GetProperty("eval_episodes").GetInt32());

        // Same seed, same CPU: identical metrics and episodes.
        Assert.Equal(0, Dotgym(Train(Run("b"))));
        Assert.Equal(DeterministicMetrics(Run("a")), DeterministicMetrics(Run("b")));
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("a"), "episodes.csv")), File.ReadAllLines(Path.Combine(Run("b"), "episodes.csv")));

        // Interrupted at ~1500 steps, then resumed: ends identical to the uninterrupted run.
        Assert.Equal(0, Dotgym(Train(Run("c"), "--stop-after", "1500")));
        using (var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("c"), "summary.json"))))
            Assert.False(partial.RootElement.GetProperty("finished").GetBoolean());
        Assert.Equal(0, Dotgym("train", "--resume", Run("c"), "--no-progress"));
        Assert.Equal(DeterministicMetrics(Run("a")), DeterministicMetrics(Run("c")));
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("a"), "episodes.csv")), File.ReadAllLines(Path.Combine(Run("c"), "episodes.csv")));
        Assert.Equal(File.ReadAllLines(Path.Combine(Run("a"), "eval.csv")), File.ReadAllLines(Path.Combine(Run("c"), "eval.csv")));

        // The trained agent can be evaluated and played to a GIF.
        Assert.Equal(0, Dotgym("eval", Run("a"), "--episodes", "2"));
        string gif = Path.Combine(_root, "play.gif");
        Assert.Equal(0, Dotgym("play", Run("a"), "--gif", gif));
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(gif), 0, 6));
    }

    [Fact]
    public void BadInputFailsWithExitCodeTwoAndLeavesNoRunBehind()
    {
        Assert.Equal(2, Dotgym("train", "--env", "CartPol-v1", "--out", Run("x"), "--no-progress"));
        Assert.Equal(2, Dotgym("train", "--env", "CartPole-v1", "--set", "learning_rat=1", "--out", Run("x"), "--no-progress"));
        Assert.Equal(2, Dotgym("train", "--env", "Pendulum-v1", "--set", "action_masks=true", "--out", Run("x"), "--no-progress"));
        Assert.Equal(2, Dotgym("train", "--env", "CartPole-v1", "--steps", "0", "--out", Run("x"), "--no-progress"));
        Assert.Equal(2, Dotgym("train", "--resume", Run("missing")));
        Assert.Equal(2, Dotgym("eval", Run("missing")));
        Assert.NotEqual(0, Dotgym("train", "--env", "CartPole-v1", "--algo", "dqn", "--out", Run("x")));
        Assert.NotEqual(0, Dotgym("train", "--bogus-flag"));
        Assert.False(Directory.Exists(Run("x")), "a failed start must not leave a run folder");
    }

    [Fact]
    public void PresetPicksTheEnvVariantAndUnknownVariantsAreRefused()
    {
        Assert.Equal("CartPole-v1", TrainCommand.PresetKey("ppo", "CartPole-v1", null));
        Assert.Equal("CartPole-v1@fast", TrainCommand.PresetKey("ppo", "CartPole-v1", "fast"));
        Assert.Equal("CartPole-v1@fast", TrainCommand.PresetKey("ppo", "CartPole-v1", "CartPole-v1@fast"));
        var unknown = Assert.Throws<CliException>(() => TrainCommand.PresetKey("ppo", "CartPole-v1", "fastest"));
        Assert.Contains("fast", unknown.Message[unknown.Message.IndexOf("Variants", StringComparison.Ordinal)..]);
        var none = Assert.Throws<CliException>(() => TrainCommand.PresetKey("ppo", "MountainCar-v0", "fast"));
        Assert.Contains("no variants for MountainCar-v0", none.Message);
        var acrobot = Assert.Throws<CliException>(() => TrainCommand.PresetKey("ppo", "Acrobot-v1", "fast"));
        Assert.Contains("Variants for Acrobot-v1: tensor", acrobot.Message);

        // The variant's settings reach the run's config.json (the fast preset has 32 envs; the plain one 8).
        Assert.Equal(0, Dotgym("train", "--env", "CartPole-v1", "--algo", "ppo", "--preset", "fast", "--steps", "1", "--device", "cpu",
            "--eval-episodes", "1", "--no-progress", "--out", Run("fast")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run("fast"), "config.json")));
        Assert.Equal(32, FindNumEnvs(config.RootElement));
        Assert.Equal(2, Dotgym("train", "--env", "CartPole-v1", "--preset", "nope", "--out", Run("y"), "--no-progress"));
        Assert.False(Directory.Exists(Run("y")), "a refused preset must not leave a run folder");
    }

    private static int FindNumEnvs(JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "num_envs") return property.Value.GetInt32();
            if (property.Value.ValueKind == JsonValueKind.Object && FindNumEnvs(property.Value) is var found and > 0) return found;
        }
        return 0;
    }

    [Fact]
    public void ACorruptCheckpointIsRefusedClearly()
    {
        Assert.Equal(0, Dotgym(Train(Run("d"), "--stop-after", "1000")));
        var checkpoint = Directory.GetFiles(Path.Combine(Run("d"), "checkpoints"), "step_*.ckpt").Order().Last();
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(checkpoint, bytes);
        Assert.Equal(2, Dotgym("train", "--resume", Run("d"), "--no-progress"));
    }
}
