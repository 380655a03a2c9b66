using DotGym.Agents.Logging;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Experiments.Learning;
using DotGym.Experiments.Throughput;
using DotGym.Registration;
using DotGym.Rendering;

namespace DotGym.Cli.Runs;

/// <summary>What a learning benchmark runs: every algorithm × env × seed.</summary>
internal sealed record LearningBenchmarkPlan
{
    public required IReadOnlyList<string> Algos { get; init; }
    public required IReadOnlyList<string> Envs { get; init; }
    public required IReadOnlyList<long> Seeds { get; init; }
    /// <summary>Env-step budget per env id.</summary>
    public required IReadOnlyDictionary<string, long> Steps { get; init; }
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public int EvalEpisodes { get; init; } = 20;
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public string CommandLine { get; init; } = "";
}

/// <summary>
/// Runs a <see cref="LearningBenchmarkPlan"/> (runs in parallel up to <c>Jobs</c>, each its own run folder under
/// <c>runs/</c>, finished runs reused when the command is repeated after an interruption), then writes
/// <c>report.md</c>, <c>report.json</c> and one <c>curves_ENV.png</c> per env. Every number except the wall-clock
/// ones repeats exactly when the same command runs again on the same CPU.
/// </summary>
internal sealed class LearningBenchmark(LearningBenchmarkPlan plan, string folder)
{
    public IReadOnlyList<LearningAggregate> Run(Action<string>? progress = null)
    {
        foreach (var env in plan.Envs) Gym.Spec(env); // unknown ids fail before any run starts
        var configs = (from algo in plan.Algos from env in plan.Envs from seed in plan.Seeds select Config(algo, env, seed)).ToList();
        var results = new LearningRunResult[configs.Count];
        int done = 0;
        Parallel.For(0, configs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, plan.Jobs) }, i =>
        {
            var config = configs[i];
            string runFolder = RunFolder(config);
            results[i] = ReadFinished(config, runFolder) ?? Train(config, runFolder);
            progress?.Invoke($"[{Interlocked.Increment(ref done)}/{configs.Count}] {config.Algo} {config.Env} seed {config.Seed}: final return {results[i].FinalReturn:0.##}");
        });
        var aggregates = results.GroupBy(r => (r.Algo, r.Env))
            .Select(g => LearningAggregate.From(g.ToList()))
            .OrderBy(a => plan.Algos.ToList().IndexOf(a.Algo)).ThenBy(a => plan.Envs.ToList().IndexOf(a.Env))
            .ToList();
        WriteReport(aggregates, configs);
        return aggregates;
    }

    private RunConfig Config(string algo, string env, long seed)
    {
        var agent = AgentPresets.Get(algo, env, plan.Overrides) with { Seed = seed, Device = "cpu", TorchThreads = 1 };
        long steps = plan.Steps[env];
        return new RunConfig
        {
            Env = env, EnvAssembly = EnvAssemblies.EnvAssemblyLoader.SourceOf(env), Algo = algo, Seed = seed, TotalSteps = steps, Device = "cpu", EvalEpisodes = plan.EvalEpisodes,
            CheckpointEvery = Math.Max(1, steps / 4), Agent = ConfigBinder.ToJson(agent), CommandLine = plan.CommandLine,
        };
    }

    private string RunFolder(RunConfig config) => Path.Combine(folder, "runs", config.Algo, config.Env, $"seed-{config.Seed}");

    private static LearningRunResult Train(RunConfig config, string runFolder)
    {
        if (Directory.Exists(runFolder)) Directory.Delete(runFolder, recursive: true); // an unfinished run restarts cleanly
        new TrainingSession(config, runFolder, TrainingOutput.Silent).Run(resume: false);
        return ReadFinished(config, runFolder) ?? throw new InvalidOperationException($"The run in {runFolder} did not finish.");
    }

    /// <summary>The result of a finished run with the same settings, or null (missing, unfinished or different settings).</summary>
    private static LearningRunResult? ReadFinished(RunConfig config, string runFolder)
    {
        string summaryPath = Path.Combine(runFolder, "summary.json");
        if (!File.Exists(summaryPath) || !File.Exists(Path.Combine(runFolder, "config.json"))) return null;
        var saved = RunConfig.Load(runFolder);
        if (saved.TotalSteps != config.TotalSteps || saved.EvalEpisodes != config.EvalEpisodes || !JsonNode.DeepEquals(saved.Agent, config.Agent)) return null;
        var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryPath), RunSummary.Json);
        if (summary is not { Finished: true, EvalMeanReturn: { } final }) return null;
        return new LearningRunResult(config.Algo, config.Env, config.Seed, config.TotalSteps, final, summary.RewardThreshold,
            summary.StepsToThreshold, summary.SecondsToThreshold, summary.WallSeconds, ReadCurve(Path.Combine(runFolder, "episodes.csv")));
    }

    /// <summary>Mean of the last 20 training returns after each training episode.</summary>
    private static List<(long, double)> ReadCurve(string episodesCsv)
    {
        var curve = new List<(long, double)>();
        var window = new Queue<double>();
        double sum = 0;
        foreach (var line in File.ReadLines(episodesCsv).Skip(1))
        {
            var cells = line.Split(',');
            double value = double.Parse(cells[2], CultureInfo.InvariantCulture);
            window.Enqueue(value);
            sum += value;
            if (window.Count > 20) sum -= window.Dequeue();
            curve.Add((long.Parse(cells[0], CultureInfo.InvariantCulture), sum / window.Count));
        }
        return curve;
    }

    private void WriteReport(IReadOnlyList<LearningAggregate> aggregates, IReadOnlyList<RunConfig> configs)
    {
        var machine = MachineInfo.Detect();
        var record = new JsonObject
        {
            ["command"] = plan.CommandLine,
            ["git_commit"] = machine.GitCommit,
            ["dotgym"] = typeof(LearningBenchmark).Assembly.GetName().Version?.ToString(),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["libtorch"] = TorchRuntime.LibTorchVersion,
            ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
            ["mathnet_numerics"] = typeof(MathNet.Numerics.Statistics.Statistics).Assembly.GetName().Version?.ToString(),
            ["os"] = RuntimeInformation.OSDescription,
            ["cpu"] = machine.Cpu,
            ["cores"] = machine.Cores,
            ["jobs"] = plan.Jobs,
            ["device"] = "cpu",
        };
        var hyper = new JsonObject();
        foreach (var config in configs.DistinctBy(c => (c.Algo, c.Env)))
        {
            var agent = config.Agent.DeepClone().AsObject();
            agent.Remove("seed");
            hyper[$"{config.Algo}/{config.Env}"] = agent;
        }
        var results = new JsonArray();
        var timing = new JsonArray();
        foreach (var a in aggregates)
        {
            results.Add(new JsonObject
            {
                ["algo"] = a.Algo, ["env"] = a.Env, ["seeds"] = a.Seeds,
                ["iqm"] = a.InterquartileMean.Estimate, ["iqm_ci95_low"] = a.InterquartileMean.Lower, ["iqm_ci95_high"] = a.InterquartileMean.Upper,
                ["mean"] = a.Mean, ["std"] = a.Std, ["median"] = a.Median, ["reward_threshold"] = a.RewardThreshold,
                ["fraction_reaching_threshold"] = a.FractionReachingThreshold, ["median_steps_to_threshold"] = a.MedianStepsToThreshold,
                ["curve_steps"] = new JsonArray(a.Curve.Steps.Select(s => (JsonNode)s).ToArray()),
                ["curve_mean"] = new JsonArray(a.Curve.Mean.Select(v => (JsonNode)v).ToArray()),
                ["curve_ci95_low"] = new JsonArray(a.Curve.Lower.Select(v => (JsonNode)v).ToArray()),
                ["curve_ci95_high"] = new JsonArray(a.Curve.Upper.Select(v => (JsonNode)v).ToArray()),
            });
            timing.Add(new JsonObject
            {
                ["algo"] = a.Algo, ["env"] = a.Env,
                ["median_seconds_to_threshold"] = a.MedianSecondsToThreshold, ["median_wall_seconds"] = a.MedianWallSeconds,
            });
        }
        var report = new JsonObject
        {
            ["format"] = 1,
            ["record"] = record,
            ["settings"] = new JsonObject
            {
                ["algos"] = new JsonArray(plan.Algos.Select(x => (JsonNode)x).ToArray()),
                ["envs"] = new JsonArray(plan.Envs.Select(x => (JsonNode)x).ToArray()),
                ["seeds"] = new JsonArray(plan.Seeds.Select(x => (JsonNode)x).ToArray()),
                ["steps"] = new JsonObject(plan.Steps.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["eval_episodes"] = plan.EvalEpisodes,
                ["final_return"] = "mean return of eval_episodes deterministic episodes after training (first reset seeded seed + 1000000)",
                ["bootstrap"] = $"percentile interval, {LearningAggregate.Resamples} stratified resamples, seeded",
            },
            ["hyperparameters"] = hyper,
            ["results"] = results,
            ["timing_wall_clock"] = timing,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), LearningReportMarkdown.Render(aggregates, record, plan));
        foreach (var env in plan.Envs)
            LearningCurvePlot.SaveBands(Path.Combine(folder, $"curves_{env}.png"), $"{env}: mean of last 20 training returns, 95% CI over {plan.Seeds.Count} seeds",
                aggregates.Where(a => a.Env == env).Select(a => new PlotBand(a.Algo, a.Curve.Steps, a.Curve.Mean, a.Curve.Lower, a.Curve.Upper)).ToList(), Gym.Spec(env).RewardThreshold);
    }
}
