using DotGym.Testing;

namespace DotGym.Cluster.Tests;

/// <summary>Real processes on loopback: two `dotgym cluster silo` processes and `dotgym train --cluster`.</summary>
public sealed class ProcessClusterTests : IDisposable
{
    private static readonly string Dotgym = SiloProcess.Dotgym;
    private readonly List<SiloProcess> _silos = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-cluster-").FullName;

    [Fact]
    public void Training_against_two_silo_processes_writes_the_same_episodes_as_training_locally_and_as_a_run_stopped_and_resumed_by_a_fresh_trainer()
    {
        StartSilo("--port", "11531", "--gateway-port", "30531");
        StartSilo("--port", "11532", "--gateway-port", "30532", "--primary", "127.0.0.1:11531");
        string[] common = ["train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", "3", "--steps", "2048", "--num-envs", "4",
            "--eval-episodes", "2", "--no-progress", "--device", "cpu"];
        var clustered = Dotnet([.. common, "--out", Path.Combine(_folder, "cluster"), "--cluster", "127.0.0.1:30531,127.0.0.1:30532"]);
        Assert.True(clustered.ExitCode == 0, clustered.Output);
        Assert.Contains("Cluster: 0 episodes dropped, 0 runner restarts", clustered.Output);
        Assert.Contains("127.0.0.1:11531", clustered.Output);
        Assert.Contains("127.0.0.1:11532", clustered.Output); // one runner on each silo process
        var local = Dotnet([.. common, "--out", Path.Combine(_folder, "local")]);
        Assert.True(local.ExitCode == 0, local.Output);
        string expected = File.ReadAllText(Path.Combine(_folder, "local", "episodes.csv"));
        Assert.True(expected.Split('\n').Length > 20, "the run should finish many episodes");
        Assert.Equal(expected, File.ReadAllText(Path.Combine(_folder, "cluster", "episodes.csv")));
        Assert.Contains("127.0.0.1:30531,127.0.0.1:30532", File.ReadAllText(Path.Combine(_folder, "cluster", "config.json")));

        // Stopped half-way, then resumed by a fresh trainer process against the same silos: the same run.
        string resumed = Path.Combine(_folder, "resumed");
        var stopped = Dotnet([.. common, "--out", resumed, "--cluster", "127.0.0.1:30531,127.0.0.1:30532", "--stop-after", "1024"]);
        Assert.True(stopped.ExitCode == 0, stopped.Output);
        Assert.True(File.ReadAllLines(Path.Combine(resumed, "episodes.csv")).Length < expected.Split('\n').Length, "--stop-after 1024 should stop before the end");
        var continued = Dotnet(["train", "--resume", resumed, "--no-progress"]);
        Assert.True(continued.ExitCode == 0, continued.Output);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, "summary.json")))!;
        Assert.True(summary["resumed_exactly"]!.GetValue<bool>(), summary.ToJsonString());
        Assert.Equal(expected, File.ReadAllText(Path.Combine(resumed, "episodes.csv")));
        Assert.Equal(DeterministicMetrics(Path.Combine(_folder, "cluster")), DeterministicMetrics(resumed));
    }

    [Fact]
    public void Resuming_against_a_cluster_with_another_runner_layout_is_refused_with_the_fix()
    {
        StartSilo("--port", "11533", "--gateway-port", "30533");
        string run = Path.Combine(_folder, "layout");
        var stopped = Dotnet(["train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", "3", "--steps", "2048", "--num-envs", "4", "--no-progress", "--device", "cpu",
            "--out", run, "--cluster", "127.0.0.1:30533", "--stop-after", "256"]);
        Assert.True(stopped.ExitCode == 0, stopped.Output);
        StartSilo("--port", "11534", "--gateway-port", "30534", "--primary", "127.0.0.1:11533"); // one runner per silo: now two
        var resumed = Dotnet(["train", "--resume", run, "--no-progress"]);
        Assert.NotEqual(0, resumed.ExitCode);
        Assert.Contains("saved with 1 runner of 4 rows, but this one has 2 runners of 2, 2 rows", Flat(resumed.Output));
        Assert.Contains("--runners-per-silo with as many live silos as when it was saved", Flat(resumed.Output));
    }

    /// <summary>The CLI's output with its lines (wrapped to the terminal's width) joined.</summary>
    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    /// <summary>metrics.csv without its wall-clock columns.</summary>
    private static string[] DeterministicMetrics(string folder)
    {
        var rows = File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => l.Split(',')).ToArray();
        var keep = rows[0].Select((c, i) => (c, i)).Where(x => !x.c.EndsWith("_seconds", StringComparison.Ordinal) && x.c != "sps").Select(x => x.i).ToArray();
        Assert.True(rows.Length > 5, $"{folder}/metrics.csv should have a row per update");
        return rows.Select(r => string.Join(",", keep.Select(i => r[i]))).ToArray();
    }

    [Fact]
    public void Bad_cluster_options_are_refused_with_the_fix()
    {
        var endpoint = Dotnet(["train", "--env", "CartPole-v1", "--cluster", "localhost", "--out", Path.Combine(_folder, "a")]);
        Assert.NotEqual(0, endpoint.ExitCode);
        Assert.Contains("is not HOST:PORT (e.g. 127.0.0.1:30000)", endpoint.Output);
        var tensor = Dotnet(["train", "--env", "CartPole-v1", "--cluster", "127.0.0.1:30599", "--vectorization", "tensor", "--out", Path.Combine(_folder, "b")]);
        Assert.NotEqual(0, tensor.ExitCode);
        Assert.Contains("Use sync, threaded or native", tensor.Output);
        var nobody = Dotnet(["train", "--env", "CartPole-v1", "--cluster", "127.0.0.1:30599", "--steps", "100", "--out", Path.Combine(_folder, "c")]);
        Assert.NotEqual(0, nobody.ExitCode);
        Assert.Contains("Could not connect to the cluster at 127.0.0.1:30599", nobody.Output);
        var both = Dotnet(["train", "--cluster", "127.0.0.1:30599", "--remote", "127.0.0.1:50599", "--out", Path.Combine(_folder, "d")]);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("--cluster and --remote both say", both.Output);
        var secret = Dotnet(["cluster", "silo", "--secret", "short"]);
        Assert.NotEqual(0, secret.ExitCode);
        Assert.Contains("at least 16 characters", secret.Output);
    }

    private (int ExitCode, string Output) Dotnet(string[] arguments) =>
        ChildProcess.Run(ChildProcess.DotnetHost(), [Dotgym, .. arguments], _folder, TimeSpan.FromMinutes(4),
            new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1", ["DOTGYM_CLUSTER_SECRET"] = null });

    private void StartSilo(params string[] arguments) => _silos.Add(new SiloProcess(_folder, arguments));

    public void Dispose()
    {
        foreach (var silo in Enumerable.Reverse(_silos)) silo.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
