using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DotGym.Experiments.Learning;

namespace DotGym.Cli.Runs;

/// <summary>The human-readable learning benchmark report.</summary>
internal static class LearningReportMarkdown
{
    public static string Render(IReadOnlyList<LearningAggregate> aggregates, JsonObject record, LearningBenchmarkPlan plan)
    {
        static string F(double? v, string format = "0.##") => v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
        var md = new StringBuilder();
        md.AppendLine("# Learning benchmark").AppendLine();
        md.AppendLine($"{plan.Seeds.Count} seeds ({string.Join(", ", plan.Seeds)}) per combination; final return = mean of {plan.EvalEpisodes} deterministic evaluation episodes after training. ")
          .AppendLine("IQM = interquartile mean over seeds with a 95% stratified-bootstrap percentile interval (Agarwal et al. 2021). ")
          .AppendLine("Steps to threshold: first env step at which the mean of the last 20 training returns reached the env's reward threshold (median over the seeds that reached it).")
          .AppendLine();
        md.AppendLine("| Algo | Env | Steps | IQM [95% CI] | Mean ± std | Median | Reached threshold | Median steps to threshold | Median seconds to threshold* |");
        md.AppendLine("|---|---|---:|---|---|---:|---:|---:|---:|");
        foreach (var a in aggregates)
            md.AppendLine($"| {a.Algo} | {a.Env} | {plan.Steps[a.Env]:N0} | {F(a.InterquartileMean.Estimate)} [{F(a.InterquartileMean.Lower)}, {F(a.InterquartileMean.Upper)}] | " +
                          $"{F(a.Mean)} ± {F(a.Std)} | {F(a.Median)} | {a.FractionReachingThreshold:P0} (≥ {F(a.RewardThreshold)}) | {F(a.MedianStepsToThreshold, "N0")} | {F(a.MedianSecondsToThreshold, "0.0")} |");
        md.AppendLine().AppendLine("\\* wall-clock: the only column that changes when the same command runs again.").AppendLine();
        md.AppendLine("## Learning curves").AppendLine();
        foreach (var env in plan.Envs) md.AppendLine($"![{env}](curves_{env}.png)").AppendLine();
        md.AppendLine("## Reproduce").AppendLine();
        md.AppendLine("```").AppendLine(plan.CommandLine).AppendLine("```").AppendLine();
        foreach (var (key, value) in record) md.AppendLine($"- {key}: {value?.ToString() ?? "–"}");
        md.AppendLine().AppendLine("Resolved hyper-parameters per combination are in `report.json` (`hyperparameters`) and each run's `config.json`.");
        return md.ToString();
    }
}
