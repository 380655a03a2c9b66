using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.Training;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// Stage 5, <c>dotgym rlhf dpo</c>: DPO of the SFT policy on the labeller's ranked pairs, offline (no sampling, no
/// reward model in the loop), scored afterwards with the same reward and prompts as PPO so the two compare. Writes
/// <c>dpo/</c>, <c>metrics_dpo.csv</c> and <c>dpo.json</c>.
/// </summary>
public static class DpoStage
{
    public const string Name = "dpo";

    public static DpoStageResult Run(RlhfPipelineOptions o, RlhfRunFolder run, Action<RlhfProgress>? progress = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(run);
        device ??= CPU;
        var codec = RlhfTasks.ReviewCodec(o);
        var rankings = RewardModelStage.ReadRankings(run.Require(RewardModelStage.Name, run.Rankings));
        var (preference, reward) = RlhfTasks.LoadPreferenceReward(run);
        using var _ = preference;
        string sftDir = run.Require(SftStage.Name, run.SftModel);
        using var reference = GptCheckpoint.Load(sftDir, device);
        using var policy = GptCheckpoint.Load(sftDir, device);
        var options = o.Dpo with { Seed = o.Seed };
        IReadOnlyList<DpoStep> history;
        using (var metrics = new StageMetrics(run, Name, ["step", "loss", "reward_accuracy", "margin"]))
            history = DpoTrainer.Train(policy, reference, codec, rankings, options, d =>
            {
                metrics.Append(d.Step, d.Loss, d.RewardAccuracy, d.Margin);
                progress?.Invoke(new RlhfProgress(Name, d.Step, options.Steps));
            });
        var after = RlhfTasks.Evaluate(policy, codec, RlhfTasks.EvalPrompts(o), reward, o.Ppo.MaxNewTokens, o.Seed + 8, reference);
        GptCheckpoint.Save(policy, run.ModelOf(Name));
        progress?.Invoke(new RlhfProgress(Name, options.Steps, options.Steps,
            $"dpo: reward {after.Reward:F2}, gold {after.Gold:F2}, distinct-2 {after.Distinct2:F2} (implicit-reward accuracy {history[^1].RewardAccuracy:F2})"));
        var result = new DpoStageResult(after, history.Count, history[^1].RewardAccuracy);
        run.WriteResult(Name, result);
        return result;
    }
}
