using System.CommandLine;
using System.Globalization;
using DotGym.Cli.EnvAssemblies;
using DotGym.Cli.Runs;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym bench learn</c>: reproducible multi-seed learning benchmarks with robust statistics.</summary>
internal static class BenchLearnCommand
{
    public static Command Create()
    {
        var algos = new Option<string>("--algos") { Description = "Comma-separated algorithms: ppo,a2c,reinforce.", DefaultValueFactory = _ => "ppo" };
        var envs = new Option<string>("--envs") { Description = "Comma-separated env ids.", DefaultValueFactory = _ => "CartPole-v1" };
        var also = new Option<string>("--also") { Description = "Extra ALGO:ENV pairs beside the --algos x --envs grid, e.g. ppo:Pendulum-v1,ppo:MountainCarContinuous-v0." };
        var published = new Option<string>("--published") { Description = "JSON file of published figures to show beside the rows (benchmarks/published-learning.json)." };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1..N) per combination; 10 or more for a claim worth making.", DefaultValueFactory = _ => 10 };
        var steps = new Option<string>("--steps") { Description = "Env steps per run: one number for every env, or per env, e.g. CartPole-v1=100000,Pendulum-v1=300000.", DefaultValueFactory = _ => "100000" };
        var set = new Option<string[]>("--set") { Description = "Hyper-parameter override for every run, key=value (repeatable).", AllowMultipleArgumentsPerToken = true };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Deterministic evaluation episodes per run (the final return).", DefaultValueFactory = _ => 20 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Runs trained at the same time (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var envAssembly = EnvSources.CreateOption();
        var output = new Option<string>("--out", "-o") { Description = "Benchmark folder: runs/, report.md, report.json, curves_ENV.png.", Required = true };
        var command = new Command("learn",
            """
            Train every algorithm x env x seed (and the --also pairs), each run in its own process, then report per
            combination: the interquartile mean (IQM) of final returns with a 95% stratified-bootstrap confidence
            interval, mean ± std, median, the fraction of seeds reaching the env's reward threshold, median steps and
            seconds to it, peak memory, the published figure beside it (--published), and learning curves with
            confidence bands (PNG), as report.md and report.json. The report records what reproduces it (command, git
            commit, versions, OS, CPU, hyper-parameters); the same command on the same CPU gives the same numbers
            (except wall-clock seconds and memory). Finished runs in the folder are reused and interrupted ones continue
            from their last checkpoint, so an interrupted benchmark continues where it stopped; a run whose process
            crashes is listed in the report and left out of its row's statistics.

            Example:
              dotgym bench learn --algos ppo,a2c,reinforce --envs CartPole-v1,FrozenLake-v1 --also ppo:Pendulum-v1 \
                --seeds 10 --steps CartPole-v1=100000,FrozenLake-v1=200000,Pendulum-v1=300000 \
                --published benchmarks/published-learning.json --out bench/baseline

            """ + EnvSources.Help)
        { algos, envs, also, seeds, steps, published, set, evalEpisodes, jobs, output, envAssembly };
        command.SetAction(parse => Cli.Guard(() =>
        {
            var algoList = Split(parse.GetValue(algos)!);
            foreach (var algo in algoList)
                if (!TrainCommand.Algorithms.Contains(algo)) throw new CliException($"Unknown algorithm '{algo}' in --algos. Use {string.Join(", ", TrainCommand.Algorithms)}.");
            EnvSources.Load(parse, envAssembly);
            var envList = Split(parse.GetValue(envs)!).Select(e => Gym.Spec(EnvSources.ResolveId(e)).Id).ToList();
            var extra = parse.GetValue(also) is { } pairs ? ParsePairs(pairs) : [];
            int n = parse.GetValue(seeds);
            if (n < 1) throw new CliException($"--seeds must be at least 1, got {n}.");
            int j = parse.GetValue(jobs);
            if (j < 1) throw new CliException($"--jobs must be at least 1, got {j}.");
            int episodes = parse.GetValue(evalEpisodes);
            if (episodes < 1) throw new CliException($"--eval-episodes must be at least 1, got {episodes}.");
            var plan = new LearningBenchmarkPlan
            {
                Algos = algoList, Envs = envList, Extra = extra, Seeds = Enumerable.Range(1, n).Select(s => (long)s).ToList(),
                Steps = ParseSteps(parse.GetValue(steps)!, envList.Concat(extra.Select(x => x.Env)).Distinct().ToList(),
                    (from algo in algoList from env in envList select (algo, env)).Concat(extra).ToList()),
                Published = parse.GetValue(published) is { } file ? PublishedFigure.Load(file) : [], Overrides = parse.GetValue(set) ?? [], EvalEpisodes = episodes, Jobs = j,
                CommandLine = "dotgym " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            string folder = parse.GetValue(output)!;
            AnsiConsole.MarkupLine($"{plan.Combinations.Count * n} runs ({string.Join(",", algoList)} x {string.Join(",", envList)}{string.Concat(extra.Select(x => $" + {x.Algo}:{x.Env}"))} x {n} seeds), {j} at a time → {Markup.Escape(folder)}");
            var benchmark = new LearningBenchmark(plan, folder);
            var aggregates = benchmark.Run(line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            var table = new Table().AddColumns("Algo", "Env", "IQM [[95% CI]]", "Mean ± std", "Reached threshold", "Median steps to threshold");
            foreach (var a in aggregates)
                table.AddRow(Markup.Escape(a.Algo), Markup.Escape(a.Env), Markup.Escape($"{a.InterquartileMean.Estimate:0.##} [{a.InterquartileMean.Lower:0.##}, {a.InterquartileMean.Upper:0.##}]"),
                    $"{a.Mean:0.##} ± {a.Std:0.##}", a.FractionReachingThreshold.ToString("P0", CultureInfo.InvariantCulture), a.MedianStepsToThreshold?.ToString("N0", CultureInfo.InvariantCulture) ?? "–");
            AnsiConsole.Write(table);
            foreach (var f in benchmark.Failures)
                AnsiConsole.MarkupLine(Markup.Escape($"CRASHED: {f.Algo} {f.Env} seed {f.Seed} (exit code {f.ExitCode}): {f.Message}; log {f.Log}"));
            AnsiConsole.MarkupLine($"Report: {Markup.Escape(Path.Combine(folder, "report.md"))} and report.json");
            return 0;
        }));
        return command;
    }

    private static List<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList() is { Count: > 0 } list
            ? list : throw new CliException("An empty list; give at least one name.");

    /// <summary>ALGO:ENV pairs of --also (the env ids resolved as --envs does).</summary>
    private static List<(string Algo, string Env)> ParsePairs(string text) => Split(text).Select(pair =>
    {
        var parts = pair.Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new CliException($"--also takes ALGO:ENV pairs, e.g. ppo:Pendulum-v1; got '{pair}'.");
        if (!TrainCommand.Algorithms.Contains(parts[0])) throw new CliException($"Unknown algorithm '{parts[0]}' in --also. Use {string.Join(", ", TrainCommand.Algorithms)}.");
        return (parts[0], Gym.Spec(EnvSources.ResolveId(parts[1])).Id);
    }).ToList();

    /// <summary>
    /// --steps: one budget for every run, or <c>ENV=STEPS</c> pairs (every env needs one) where <c>ALGO:ENV=STEPS</c>
    /// gives one algorithm its own budget on that env (rl-zoo trains A2C on CartPole-v1 5x longer than PPO).
    /// </summary>
    internal static Dictionary<string, long> ParseSteps(string text, IReadOnlyList<string> envs, IReadOnlyList<(string Algo, string Env)>? combinations = null)
    {
        if (!text.Contains('='))
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var all) || all <= 0)
                throw new CliException($"--steps must be a positive number or env=steps pairs, got '{text}'.");
            return envs.ToDictionary(e => e, _ => all);
        }
        var pairs = TrainCommand.ParsePairs(text.Split(',', StringSplitOptions.RemoveEmptyEntries), "--steps");
        var result = new Dictionary<string, long>();
        foreach (var (key, value) in pairs)
        {
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count <= 0)
                throw new CliException($"--steps for {key} must be a positive integer, got '{value}'.");
            int colon = key.IndexOf(':');
            string env = colon > 0 && TrainCommand.Algorithms.Contains(key[..colon]) ? key[(colon + 1)..] : key;
            if (!envs.Contains(env)) throw new CliException($"--steps names {key}, but {env} is not one of the benchmark's envs ({string.Join(", ", envs)}).");
            result[key] = count;
        }
        foreach (var (algo, env) in combinations ?? envs.Select(e => ("", e)).ToList())
            if (!result.ContainsKey(env) && !result.ContainsKey($"{algo}:{env}"))
                throw new CliException($"--steps gives no budget for {(algo.Length > 0 ? $"{algo} on " : "")}{env}; add {env}=STEPS.");
        return result;
    }
}
