using System.Text;
using System.Text.Json;

namespace DotGym.Rlhf.Pipeline;

/// <summary>The Markdown report of a run: every number, the four trainers side by side, and the same prompts' completions.</summary>
internal static class RlhfReport
{
    public static string Markdown(RlhfSummary s, PpoStageResult ppo, DpoStageResult dpo, GroupStageResult grpo, GroupStageResult rloo)
    {
        var md = new StringBuilder();
        md.AppendLine($"# RLHF pipeline, seed {s.Seed}").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("|---|---|");
        foreach (var (name, value) in JsonSerializer.SerializeToNode(s, RlhfRunFolder.Json)!.AsObject())
            md.AppendLine($"| {name} | {value} |");

        md.AppendLine().AppendLine("## PPO and DPO against the SFT start, on the same evaluation prompts").AppendLine();
        md.AppendLine("| | SFT | PPO | DPO |").AppendLine("|---|---|---|---|");
        md.AppendLine(FormattableString.Invariant($"| normalised reward | {ppo.Before.Reward:F2} | {ppo.After.Reward:F2} | {dpo.After.Reward:F2} |"));
        md.AppendLine(FormattableString.Invariant($"| gold (hidden rule) | {ppo.Before.Gold:F2} | {ppo.After.Gold:F2} | {dpo.After.Gold:F2} |"));
        md.AppendLine(FormattableString.Invariant($"| distinct-2 | {ppo.Before.Distinct2:F2} | {ppo.After.Distinct2:F2} | {dpo.After.Distinct2:F2} |"));
        md.AppendLine(FormattableString.Invariant($"| KL to the SFT model (nats per completion) | 0 | {ppo.After.Kl:F2} | {dpo.After.Kl:F2} |"));

        md.AppendLine().AppendLine("## GRPO and RLOO on two-digit addition (exact match), same SFT start and budget").AppendLine();
        md.AppendLine("| | SFT | GRPO | RLOO |").AppendLine("|---|---|---|---|");
        md.AppendLine(FormattableString.Invariant($"| sampled accuracy (temperature 1) | {grpo.SampledBefore:F3} | {grpo.SampledAfter:F3} | {rloo.SampledAfter:F3} |"));
        md.AppendLine(FormattableString.Invariant($"| greedy accuracy | {grpo.GreedyBefore:F3} | {grpo.GreedyAfter:F3} | {rloo.GreedyAfter:F3} |"));

        md.AppendLine().AppendLine("## The same prompts before (SFT) and after PPO and DPO").AppendLine();
        md.AppendLine("| prompt | SFT | PPO | DPO |").AppendLine("|---|---|---|---|");
        for (int i = 0; i < Math.Min(12, ppo.Before.Prompts.Count); i++)
            md.AppendLine($"| {Cell(ppo.Before.Prompts[i])} | {Cell(ppo.Before.Responses[i])} | {Cell(ppo.After.Responses[i])} | {Cell(dpo.After.Responses[i])} |");
        return md.ToString();
    }

    private static string Cell(string text) => text.Trim().Replace("|", "\\|");
}
