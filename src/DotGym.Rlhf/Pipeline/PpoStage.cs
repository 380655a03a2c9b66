using DotGym.Agents.Logging;
using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// Stage 3, <c>dotgym rlhf ppo</c>: PPO of the SFT policy (with a value head) against the normalised preference reward,
/// with a KL penalty to the frozen SFT reference. Scores the SFT start and the PPO policy on the same evaluation
/// prompts. Writes <c>ppo/</c>, <c>metrics_ppo.csv</c>, <c>ppo_curves.png</c> and <c>ppo.json</c>.
/// </summary>
public static class PpoStage
{
    public const string Name = "ppo";

    public static PpoStageResult Run(RlhfPipelineOptions o, RlhfRunFolder run, Action<RlhfProgress>? progress = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(run);
        device ??= CPU;
        long seed = o.Seed;
        var codec = RlhfTasks.ReviewCodec(o);
        var (preference, reward) = RlhfTasks.LoadPreferenceReward(run);
        using var _ = preference;
        string sftDir = run.Require(SftStage.Name, run.SftModel);

        using var reference = GptCheckpoint.Load(sftDir, device);
        // The frozen reference is the SFT model: it is the "before" of the comparison too.
        var evalPrompts = RlhfTasks.EvalPrompts(o);
        var before = RlhfTasks.Evaluate(reference, codec, evalPrompts, reward, o.Ppo.MaxNewTokens, seed + 8);
        using var policyModel = GptCheckpoint.Load(sftDir, device);
        using var headGenerator = new Generator((ulong)seed + 13, CPU);
        using var policy = new GptWithValueHead(policyModel, headGenerator).to(device);
        var trainPrompts = ReviewPrompts.Generate(2000, seed + 6).Select(p => p.Prompt).ToList();
        var options = o.Ppo with { Seed = seed };
        IReadOnlyList<PpoRlhfUpdate> history;
        using (var metrics = new StageMetrics(run, Name,
                   ["update", "score", "kl", "kl_coef", "gold", "response_length", "distinct2", "eos_rate", "policy_loss", "value_loss", "entropy"]))
            history = PpoRlhfTrainer.Train(policy, reference, codec, trainPrompts, reward, HumanPreference.Score, options, u =>
            {
                metrics.Append(u.Update, u.Score, u.Kl, u.KlCoef, u.Gold, u.ResponseLength, u.Distinct2, u.EosRate, u.PolicyLoss, u.ValueLoss, u.Entropy);
                progress?.Invoke(new RlhfProgress(Name, u.Update, options.Updates, u.Update % 25 == 0 || u.Update == options.Updates
                    ? $"ppo update {u.Update}/{options.Updates}: reward {u.Score:F2}, kl {u.Kl:F2} (beta {u.KlCoef:F3}), gold {u.Gold:F2}, length {u.ResponseLength:F0}"
                    : null));
            });
        var after = RlhfTasks.Evaluate(policyModel, codec, evalPrompts, reward, o.Ppo.MaxNewTokens, seed + 8, reference);
        GptCheckpoint.Save(policyModel, run.ModelOf(Name));
        double[] updates = history.Select(u => (double)u.Update).ToArray();
        LearningCurvePlot.SaveLines(run.Combine("ppo_curves.png"), "PPO-RLHF", "PPO update", "value", updates,
            [("normalised reward", history.Select(u => u.Score).ToArray()), ("KL to the SFT reference (nats)", history.Select(u => u.Kl).ToArray()),
             ("gold score (hidden rule)", history.Select(u => u.Gold).ToArray())]);
        progress?.Invoke(new RlhfProgress(Name, options.Updates, options.Updates,
            $"ppo: reward {before.Reward:F2} -> {after.Reward:F2} at kl {after.Kl:F2}, gold {before.Gold:F2} -> {after.Gold:F2}, distinct-2 {before.Distinct2:F2} -> {after.Distinct2:F2}"));

        var result = new PpoStageResult(before, after, after.Kl!.Value, history[^1].Kl, history.Count);
        run.WriteResult(Name, result);
        return result;
    }
}
