using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DotGym.Experiments.Learning;

namespace DotGym.Cli.Runs;

/// <summary>The human-readable learning benchmark report.</summary>
internal static class LearningReportMarkdown
{
    public static string Render(IReadOnlyList<LearningAggregate> aggregates, IReadOnlyList<LearningRunFailure> failures, JsonObject record, LearningBenchmarkPlan plan)
    {
        static string F(double? v, string format = "0.##") => v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
        var md = new StringBuilder();
        md.AppendLine("# Learning benchmark").AppendLine();
        md.AppendLine($"{plan.Seeds.Count} seeds ({string.Join(", ", plan.Seeds)}) per combination; final return = mean of {plan.EvalEpisodes} deterministic evaluation episodes after training. ")
          .AppendLine("IQM = interquartile mean over seeds with a 95% stratified-bootstrap percentile interval (Agarwal et al. 2021). ")
          .AppendLine("Steps to threshold: first env step at which the mean of the last 20 training returns reached the env's reward threshold (median over the seeds that reached it). ")
          .AppendLine("Peak memory: the largest peak working set of the seeds' training processes (each run trains in its own process).")
          .AppendLine();
        md.AppendLine("| Algo | Env | Steps | Seeds | IQM [95% CI] | Mean ± std | Median | Reached threshold | Median steps to threshold | Median seconds to threshold* | Peak memory (MiB)* | Published |");
        md.AppendLine("|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---|");
        var shown = new HashSet<(string, string)>();
        foreach (var a in aggregates)
        {
            shown.Add((a.Algo, a.Env));
            int crashed = failures.Count(f => f.Algo == a.Algo && f.Env == a.Env);
            md.AppendLine($"| {a.Algo} | {a.Env} | {plan.StepsFor(a.Algo, a.Env):N0} | {a.Seeds}{(crashed > 0 ? $" ({crashed} crashed)" : "")} | " +
                          $"{F(a.InterquartileMean.Estimate)} [{F(a.InterquartileMean.Lower)}, {F(a.InterquartileMean.Upper)}] | " +
                          $"{F(a.Mean)} ± {F(a.Std)} | {F(a.Median)} | {a.FractionReachingThreshold:P0} (≥ {F(a.RewardThreshold)}) | {F(a.MedianStepsToThreshold, "N0")} | " +
                          $"{F(a.MedianSecondsToThreshold, "0.0")} | {F(a.PeakMemoryMib, "0")} | {Published(plan, a.Algo, a.Env)} |");
        }
        foreach (var (algo, env) in plan.Combinations.Where(c => !shown.Contains(c)))
            md.AppendLine($"| {algo} | {env} | {plan.StepsFor(algo, env):N0} | 0 (every seed crashed) | – | – | – | – | – | – | – | {Published(plan, algo, env)} |");
        md.AppendLine().AppendLine("\\* wall-clock and memory: the only columns that change when the same command runs again.").AppendLine();
        if (failures.Count > 0)
        {
            md.AppendLine("## Crashed runs").AppendLine();
            md.AppendLine("Left out of the statistics above. Run the same command again to retry them (finished runs are reused).").AppendLine();
            foreach (var f in failures)
                md.AppendLine($"- {f.Algo} {f.Env} seed {f.Seed}: exit code {f.ExitCode}: {f.Message} (log: `{f.Log}`)");
            md.AppendLine();
        }
        var sources = plan.Published.Where(p => plan.Combinations.Contains((p.Algo, p.Env))).ToList();
        if (sources.Count > 0)
        {
            md.AppendLine("## Published figures").AppendLine();
            foreach (var p in sources) md.AppendLine($"- {p.Algo} {p.Env}: {p.Figure}: {p.Measured}. {p.Source}, <{p.Url}>");
            md.AppendLine();
        }
        md.AppendLine("## Learning curves").AppendLine();
        foreach (var env in plan.AllEnvs) md.AppendLine($"![{env}](curves_{env}.png)").AppendLine();
        md.AppendLine("## Reproduce").AppendLine();
        md.AppendLine("```").AppendLine(plan.CommandLine).AppendLine("```").AppendLine();
        foreach (var (key, value) in record) md.AppendLine($"- {key}: {value?.ToString() ?? "–"}");
        md.AppendLine().AppendLine("Resolved hyper-parameters per combination are in `report.json` (`hyperparameters`) and each run's `config.json`.");
        return md.ToString();
    }

    private static string Published(LearningBenchmarkPlan plan, string algo, string env) =>
        plan.Published.FirstOrDefault(p => p.Algo == algo && p.Env == env) is { } p ? $"{p.Figure} ({p.Source})" : "–";
}
