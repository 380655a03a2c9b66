using System.Text.Json.Nodes;
using DotGym.Cli;

namespace DotGym.Agents.Tests.Cli;

/// <summary>`dotgym bench learn`: the report's contents and that the same command gives the same numbers.</summary>
public sealed class BenchLearnCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dotgym-benchlearn-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static int Learn(string folder) => Program.Main(
        ["bench", "learn", "--algos", "ppo,reinforce", "--envs", "CartPole-v1", "--seeds", "3", "--steps", "1200", "--eval-episodes", "2", "--jobs", "2", "--out", folder]);

    [Fact]
    public void ReportHasRobustStatisticsAndRepeatsExactly()
    {
        string first = Path.Combine(_root, "first"), second = Path.Combine(_root, "second");
        Assert.Equal(0, Learn(first));
        Assert.Equal(0, Learn(second));
        foreach (var file in new[] { "report.md", "report.json", "curves_CartPole-v1.png" })
            Assert.True(File.Exists(Path.Combine(first, file)), $"missing {file}");

        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "report.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(second, "report.json")))!;
        Assert.True(JsonNode.DeepEquals(a["results"], b["results"]), "the same command must give the same numbers");
        Assert.True(JsonNode.DeepEquals(a["hyperparameters"], b["hyperparameters"]));

        var results = a["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        foreach (var row in results)
        {
            double iqm = row!["iqm"]!.GetValue<double>(), low = row["iqm_ci95_low"]!.GetValue<double>(), high = row["iqm_ci95_high"]!.GetValue<double>();
            Assert.True(low <= iqm && iqm <= high, $"IQM {iqm} outside its interval [{low}, {high}]");
            Assert.Equal(3, row["seeds"]!.GetValue<int>());
            Assert.InRange(row["fraction_reaching_threshold"]!.GetValue<double>(), 0, 1);
        }
        var record = a["record"]!;
        foreach (var key in new[] { "command", "git_commit", "dotnet", "libtorch", "torchsharp", "os", "cpu" })
            Assert.NotNull(record[key]);
        Assert.Contains("ppo/CartPole-v1", a["hyperparameters"]!.AsObject().Select(p => p.Key));

        // A repeated command reuses finished runs and still reports the same numbers.
        Assert.Equal(0, Learn(first));
        var again = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "report.json")))!;
        Assert.True(JsonNode.DeepEquals(a["results"], again["results"]));

        // A run saved before a setting existed (its key missing, so its default) is still reused; a changed setting restarts it.
        string kept = Path.Combine(first, "runs", "ppo", "CartPole-v1", "seed-1"), changed = Path.Combine(first, "runs", "ppo", "CartPole-v1", "seed-2");
        EditAgent(kept, agent => agent.Remove("use_sde"));
        EditAgent(changed, agent => agent["learning_rate"] = 0.5);
        Assert.Equal(0, Learn(first));
        Assert.True(File.Exists(Path.Combine(kept, "marker")), "a run whose file lacks a defaulted key must be reused, not restarted");
        Assert.False(File.Exists(Path.Combine(changed, "marker")), "a run with different settings must start over");
        var third = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "report.json")))!;
        Assert.True(JsonNode.DeepEquals(a["results"], third["results"]));
    }

    private static void EditAgent(string runFolder, Action<JsonObject> edit)
    {
        string path = Path.Combine(runFolder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(config["agent"]!.AsObject());
        File.WriteAllText(path, config.ToJsonString());
        File.WriteAllText(Path.Combine(runFolder, "marker"), "");
    }

    [Fact]
    public void StepsTakeAnAlgorithmsOwnBudgetPerEnv()
    {
        List<(string, string)> combinations = [("ppo", "CartPole-v1"), ("a2c", "CartPole-v1"), ("ppo", "Pendulum-v1")];
        var steps = DotGym.Cli.Commands.BenchLearnCommand.ParseSteps("CartPole-v1=100000,a2c:CartPole-v1=500000,Pendulum-v1=300000",
            ["CartPole-v1", "Pendulum-v1"], combinations);
        var plan = new DotGym.Cli.Runs.LearningBenchmarkPlan { Algos = ["ppo", "a2c"], Envs = ["CartPole-v1"], Extra = [("ppo", "Pendulum-v1")], Seeds = [1], Steps = steps };
        Assert.Equal(100_000, plan.StepsFor("ppo", "CartPole-v1"));
        Assert.Equal(500_000, plan.StepsFor("a2c", "CartPole-v1"));
        Assert.Equal(300_000, plan.StepsFor("ppo", "Pendulum-v1"));
        Assert.Equal(combinations, plan.Combinations);
        var missing = Assert.Throws<CliException>(() => DotGym.Cli.Commands.BenchLearnCommand.ParseSteps("a2c:CartPole-v1=500000,Pendulum-v1=300000", ["CartPole-v1", "Pendulum-v1"], combinations));
        Assert.Contains("no budget for ppo on CartPole-v1; add CartPole-v1=STEPS", missing.Message);
    }

    [Fact]
    public void BadPlansFailClearly()
    {
        string folder = Path.Combine(_root, "bad");
        Assert.Equal(2, Program.Main(["bench", "learn", "--algos", "dqn", "--out", folder]));
        Assert.Equal(2, Program.Main(["bench", "learn", "--envs", "CartPol-v1", "--out", folder]));
        Assert.Equal(2, Program.Main(["bench", "learn", "--envs", "CartPole-v1,Pendulum-v1", "--steps", "CartPole-v1=1000", "--out", folder]));
        Assert.Equal(2, Program.Main(["bench", "learn", "--seeds", "0", "--out", folder]));
        Assert.False(Directory.Exists(folder));
    }
}
