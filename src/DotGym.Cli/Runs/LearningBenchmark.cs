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

/// <summary>What a learning benchmark runs: every algorithm × env × seed, plus extra (algorithm, env) pairs.</summary>
internal sealed record LearningBenchmarkPlan
{
    public required IReadOnlyList<string> Algos { get; init; }
    public required IReadOnlyList<string> Envs { get; init; }
    /// <summary>Pairs run beside the cross product (e.g. PPO alone on the continuous envs).</summary>
    public IReadOnlyList<(string Algo, string Env)> Extra { get; init; } = [];
    public required IReadOnlyList<long> Seeds { get; init; }
    /// <summary>Published figures shown beside the matching rows.</summary>
    public IReadOnlyList<PublishedFigure> Published { get; init; } = [];
    /// <summary>Env-step budget per env id, or per <c>ALGO:ENV</c> where one algorithm gets its own (see <see cref="StepsFor"/>).</summary>
    public required IReadOnlyDictionary<string, long> Steps { get; init; }
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public int EvalEpisodes { get; init; } = 20;
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public string CommandLine { get; init; } = "";

    /// <summary>Every (algorithm, env) pair: the cross product in order, then the extra pairs not already in it.</summary>
    public IReadOnlyList<(string Algo, string Env)> Combinations =>
        (from algo in Algos from env in Envs select (algo, env)).Concat(Extra).Distinct().ToList();

    /// <summary>The budget of <paramref name="algo"/> on <paramref name="env"/>: its <c>ALGO:ENV</c> entry, else the env's.</summary>
    public long StepsFor(string algo, string env) => Steps.TryGetValue($"{algo}:{env}", out var own) ? own : Steps[env];

    /// <summary>Every env of <see cref="Combinations"/>, in order.</summary>
    public IReadOnlyList<string> AllEnvs => Combinations.Select(c => c.Env).Distinct().ToList();
}

/// <summary>A training job whose process failed: the report names it instead of the whole benchmark failing.</summary>
internal sealed record LearningRunFailure(string Algo, string Env, long Seed, int ExitCode, string Message, string Log);

/// <summary>
/// Runs a <see cref="LearningBenchmarkPlan"/> (runs in parallel up to <c>Jobs</c>, each in its own child process and
/// run folder under <c>runs/</c>; finished runs are reused and interrupted ones continue from their last checkpoint
/// when the command is repeated; a job whose process crashes is reported as such), then writes
/// <c>report.md</c>, <c>report.json</c> and one <c>curves_ENV.png</c> per env. Every number except the wall-clock
/// ones repeats exactly when the same command runs again on the same CPU.
/// </summary>
internal sealed class LearningBenchmark(LearningBenchmarkPlan plan, string folder)
{
    public IReadOnlyList<LearningAggregate> Run(Action<string>? progress = null)
    {
        foreach (var env in plan.AllEnvs) Gym.Spec(env); // unknown ids fail before any run starts
        var configs = (from pair in plan.Combinations from seed in plan.Seeds select Config(pair.Algo, pair.Env, seed)).ToList();
        var results = new LearningRunResult?[configs.Count];
        var failures = new LearningRunFailure?[configs.Count];
        int done = 0;
        Parallel.For(0, configs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, plan.Jobs) }, i =>
        {
            var config = configs[i];
            string runFolder = RunFolder(config);
            results[i] = ReadFinished(config, runFolder);
            if (results[i] is null) (results[i], failures[i]) = Train(config, runFolder);
            string outcome = results[i] is { } r ? $"final return {r.FinalReturn:0.##}" : $"CRASHED (exit code {failures[i]!.ExitCode}), see {failures[i]!.Log}";
            progress?.Invoke($"[{Interlocked.Increment(ref done)}/{configs.Count}] {config.Algo} {config.Env} seed {config.Seed}: {outcome}");
        });
        var combinations = plan.Combinations.ToList();
        var aggregates = results.OfType<LearningRunResult>().GroupBy(r => (r.Algo, r.Env))
            .Select(g => LearningAggregate.From(g.ToList()))
            .OrderBy(a => combinations.IndexOf((a.Algo, a.Env)))
            .ToList();
        Failures = failures.OfType<LearningRunFailure>().ToList();
        WriteReport(aggregates, configs);
        return aggregates;
    }

    /// <summary>The jobs of the last <see cref="Run"/> whose process failed (their seeds are left out of the statistics).</summary>
    public IReadOnlyList<LearningRunFailure> Failures { get; private set; } = [];

    private RunConfig Config(string algo, string env, long seed)
    {
        var agent = AgentPresets.Get(algo, env, plan.Overrides) with { Seed = seed, Device = "cpu", TorchThreads = 1 };
        long steps = plan.StepsFor(algo, env);
        return new RunConfig
        {
            Env = env, EnvAssembly = EnvAssemblies.EnvAssemblyLoader.SourceOf(env), Algo = algo, Seed = seed, TotalSteps = steps, Device = "cpu", EvalEpisodes = plan.EvalEpisodes,
            CheckpointEvery = Math.Max(1, steps / 4), Agent = ConfigBinder.ToJson(agent), CommandLine = plan.CommandLine,
        };
    }

    private string RunFolder(RunConfig config) => Path.Combine(folder, "runs", config.Algo, config.Env, $"seed-{config.Seed}");

    /// <summary>
    /// Trains the run in its own process: an unfinished run with the same settings continues from its last
    /// checkpoint, anything else starts over from a fresh config.json. A process that fails leaves error.log.
    /// </summary>
    private static (LearningRunResult?, LearningRunFailure?) Train(RunConfig config, string runFolder)
    {
        bool continuing = File.Exists(Path.Combine(runFolder, "config.json")) && SameSettings(RunConfig.Load(runFolder), config);
        if (!continuing)
        {
            if (Directory.Exists(runFolder)) Directory.Delete(runFolder, recursive: true);
            Directory.CreateDirectory(runFolder);
            config.Save(runFolder);
        }
        var outcome = TrainingProcess.Run(runFolder);
        if (outcome.ExitCode == 0 && ReadFinished(config, runFolder) is { } result) return (result, null);
        string log = Path.Combine(runFolder, "error.log");
        string reason = outcome.ExitCode == 0 ? "the process ended without finishing the run" : outcome.Reason;
        AtomicFile.WriteAllText(log, $"dotgym train --resume {runFolder}: exit code {outcome.ExitCode}\n{outcome.OutputTail}\n");
        return (null, new LearningRunFailure(config.Algo, config.Env, config.Seed, outcome.ExitCode, reason, log));
    }

    private static bool SameSettings(RunConfig saved, RunConfig config) =>
        saved.TotalSteps == config.TotalSteps && saved.EvalEpisodes == config.EvalEpisodes && saved.Env == config.Env && saved.Algo == config.Algo &&
        saved.Seed == config.Seed && Bound(saved) is { } savedAgent && JsonNode.DeepEquals(savedAgent, Bound(config));

    // The agent settings as the trainer reads them: a key the file lacks takes its default, so a run saved before a
    // setting existed (and so trained with its default, e.g. use_sde = false) is still the same run. Null if they no
    // longer bind (a setting since removed).
    private static JsonObject? Bound(RunConfig config)
    {
        try { return ConfigBinder.ToJson(ConfigBinder.FromJson(config.Algo, (JsonObject)config.Agent.DeepClone())); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The result of a finished run with the same settings, or null (missing, unfinished or different settings).</summary>
    private static LearningRunResult? ReadFinished(RunConfig config, string runFolder)
    {
        string summaryPath = Path.Combine(runFolder, "summary.json");
        if (!File.Exists(summaryPath) || !File.Exists(Path.Combine(runFolder, "config.json"))) return null;
        if (!SameSettings(RunConfig.Load(runFolder), config)) return null;
        var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryPath), RunSummary.Json);
        if (summary is not { Finished: true, EvalMeanReturn: { } final }) return null;
        return new LearningRunResult(config.Algo, config.Env, config.Seed, config.TotalSteps, final, summary.RewardThreshold,
            summary.StepsToThreshold, summary.SecondsToThreshold, summary.WallSeconds, ReadCurve(Path.Combine(runFolder, "episodes.csv")), summary.PeakWorkingSetMib);
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
                ["published"] = plan.Published.FirstOrDefault(p => p.Algo == a.Algo && p.Env == a.Env) is { } published ? published.ToJson() : null,
                ["curve_steps"] = new JsonArray(a.Curve.Steps.Select(s => (JsonNode)s).ToArray()),
                ["curve_mean"] = new JsonArray(a.Curve.Mean.Select(v => (JsonNode)v).ToArray()),
                ["curve_ci95_low"] = new JsonArray(a.Curve.Lower.Select(v => (JsonNode)v).ToArray()),
                ["curve_ci95_high"] = new JsonArray(a.Curve.Upper.Select(v => (JsonNode)v).ToArray()),
            });
            timing.Add(new JsonObject
            {
                ["algo"] = a.Algo, ["env"] = a.Env,
                ["median_seconds_to_threshold"] = a.MedianSecondsToThreshold, ["median_wall_seconds"] = a.MedianWallSeconds,
                ["peak_memory_mib"] = a.PeakMemoryMib,
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
                ["also"] = new JsonArray(plan.Extra.Select(x => (JsonNode)$"{x.Algo}:{x.Env}").ToArray()),
                ["seeds"] = new JsonArray(plan.Seeds.Select(x => (JsonNode)x).ToArray()),
                ["steps"] = new JsonObject(plan.Steps.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["eval_episodes"] = plan.EvalEpisodes,
                ["final_return"] = "mean return of eval_episodes deterministic episodes after training (first reset seeded seed + 1000000)",
                ["bootstrap"] = $"percentile interval, {LearningAggregate.Resamples} stratified resamples, seeded",
            },
            ["hyperparameters"] = hyper,
            ["results"] = results,
            ["crashed"] = new JsonArray(Failures.Select(f => (JsonNode)new JsonObject
            {
                ["algo"] = f.Algo, ["env"] = f.Env, ["seed"] = f.Seed, ["exit_code"] = f.ExitCode, ["message"] = f.Message, ["log"] = f.Log,
            }).ToArray()),
            ["timing_wall_clock"] = timing,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), LearningReportMarkdown.Render(aggregates, Failures, record, plan));
        foreach (var env in plan.AllEnvs)
            LearningCurvePlot.SaveBands(Path.Combine(folder, $"curves_{env}.png"), $"{env}: mean of last 20 training returns, 95% CI over {plan.Seeds.Count} seeds",
                aggregates.Where(a => a.Env == env).Select(a => new PlotBand(a.Algo, a.Curve.Steps, a.Curve.Mean, a.Curve.Lower, a.Curve.Upper)).ToList(), Gym.Spec(env).RewardThreshold);
    }
}
