using System.Diagnostics;
using System.Text.Json;
using DotGym.Rendering;
using DotGym.Rlhf.Training;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// ChatGPT's pipeline at small scale, end to end from a seed, as its stages run one after another in one run folder:
/// <see cref="SftStage"/>, <see cref="RewardModelStage"/>, <see cref="PpoStage"/>, <see cref="DpoStage"/>, and
/// <see cref="GroupRlStage"/> for GRPO and RLOO. Then <c>summary.json</c> (every stage's headline numbers) and
/// <c>report.md</c> (the numbers, and sample completions of the same prompts before and after PPO and DPO).
/// </summary>
public static class RlhfPipeline
{
    public static RlhfSummary Run(RlhfPipelineOptions o, string outDir, Action<RlhfProgress>? progress = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        device ??= CPU;
        var clock = Stopwatch.StartNew();
        var run = new RlhfRunFolder(outDir);
        var sft = SftStage.Run(o, run, progress, device);
        var rm = RewardModelStage.Run(o, run, progress, device);
        var ppo = PpoStage.Run(o, run, progress, device);
        var dpo = DpoStage.Run(o, run, progress, device);
        var grpo = GroupRlStage.Run(o, run, GroupBaseline.Grpo, progress, device);
        var rloo = GroupRlStage.Run(o, run, GroupBaseline.Rloo, progress, device);
        return WriteSummary(run, o.Seed, sft, rm, ppo, dpo, grpo, rloo, clock.Elapsed.TotalSeconds, device.ToString());
    }

    /// <summary>
    /// <c>summary.json</c> and <c>report.md</c> from the result files of a folder whose stages all ran (for instance one
    /// command at a time).
    /// </summary>
    public static RlhfSummary Summarize(RlhfRunFolder run, long seed, double wallSeconds, string device)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteSummary(run, seed, run.ReadResult<SftStageResult>(SftStage.Name), run.ReadResult<RewardStageResult>(RewardModelStage.Name),
            run.ReadResult<PpoStageResult>(PpoStage.Name), run.ReadResult<DpoStageResult>(DpoStage.Name),
            run.ReadResult<GroupStageResult>(GroupRlStage.NameOf(GroupBaseline.Grpo)), run.ReadResult<GroupStageResult>(GroupRlStage.NameOf(GroupBaseline.Rloo)),
            wallSeconds, device);
    }

    private static RlhfSummary WriteSummary(RlhfRunFolder run, long seed, SftStageResult sft, RewardStageResult rm, PpoStageResult ppo, DpoStageResult dpo,
        GroupStageResult grpo, GroupStageResult rloo, double wallSeconds, string device)
    {
        var summary = new RlhfSummary
        {
            Seed = seed, SftValidationLoss = sft.ValidationLoss, SftEosRate = sft.EosRate, ArithmeticSftSteps = sft.ArithmeticSteps,
            SentimentAccuracy = rm.SentimentAccuracy, RmPairwiseAccuracy = rm.PairwiseAccuracy, RmLabelAgreement = rm.LabelAgreement,
            RewardMeanBefore = ppo.Before.Reward, RewardMeanAfter = ppo.After.Reward, KlFinal = ppo.KlFinal,
            GoldBefore = ppo.Before.Gold, GoldAfter = ppo.After.Gold, Distinct2Sft = ppo.Before.Distinct2, Distinct2Final = ppo.After.Distinct2,
            GrpoAccuracyBefore = grpo.SampledBefore, GrpoAccuracyAfter = grpo.SampledAfter,
            GrpoGreedyAccuracyBefore = grpo.GreedyBefore, GrpoGreedyAccuracyAfter = grpo.GreedyAfter,
            RlooAccuracyAfter = rloo.SampledAfter, RlooGreedyAccuracyAfter = rloo.GreedyAfter,
            DpoRewardMeanAfter = dpo.After.Reward, DpoGoldAfter = dpo.After.Gold, DpoDistinct2 = dpo.After.Distinct2,
            WallSeconds = Math.Round(wallSeconds, 1), Device = device,
        };
        AtomicFile.WriteAllText(run.Combine("summary.json"), JsonSerializer.Serialize(summary, RlhfRunFolder.Json));
        AtomicFile.WriteAllText(run.Combine("report.md"), RlhfReport.Markdown(summary, ppo, dpo, grpo, rloo));
        return summary;
    }
}
