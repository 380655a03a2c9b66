namespace DotGym.Rlhf.Pipeline;

/// <summary>What the SFT stage reports (<c>sft.json</c>).</summary>
/// <param name="ValidationLoss">Per-token cross-entropy of the review model on held-out demonstrations.</param>
/// <param name="EosRate">Share of the review model's samples that end with end-of-sequence.</param>
/// <param name="Steps">Steps the review model trained.</param>
/// <param name="ArithmeticSteps">Steps the arithmetic model trained before reaching its target greedy accuracy (or the cap).</param>
/// <param name="ArithmeticHeldOutGreedyAccuracy">Its greedy exact-match accuracy on the held-out additions when SFT stopped.</param>
public sealed record SftStageResult(double ValidationLoss, double EosRate, int Steps, int ArithmeticSteps, double ArithmeticHeldOutGreedyAccuracy);

/// <summary>What the reward-model stage reports (<c>rm.json</c>).</summary>
/// <param name="SentimentAccuracy">Held-out accuracy of the sentiment classifier.</param>
/// <param name="PairwiseAccuracy">Held-out pairwise accuracy of the preference model against the noise-free hidden rule.</param>
/// <param name="LabelAgreement">Share of the labeller's (noisy) training pairs that agree with the rule.</param>
/// <param name="RankedPrompts">Prompts whose K SFT samples the labeller ranked for training.</param>
/// <param name="NormalizationMean">Mean raw preference score of the SFT samples (the normalised reward subtracts it).</param>
/// <param name="NormalizationStd">Their standard deviation (the normalised reward divides by it).</param>
public sealed record RewardStageResult(double SentimentAccuracy, double PairwiseAccuracy, double LabelAgreement, int RankedPrompts,
    double NormalizationMean, double NormalizationStd);

/// <summary>A policy's samples (temperature 1) of the same evaluation prompts, scored.</summary>
/// <param name="Reward">Mean normalised preference reward.</param>
/// <param name="Gold">Mean score of the hidden rule (what the labeller's rankings came from).</param>
/// <param name="Distinct2">Distinct bigrams over all bigrams of the completions.</param>
/// <param name="Prompts">The evaluation prompts.</param>
/// <param name="Responses">The policy's completion of each prompt.</param>
/// <param name="Kl">
/// Mean per-sequence KL of these completions to the SFT reference (<c>log π − log π_ref</c> summed over each
/// completion's tokens); null for the reference itself.
/// </param>
public sealed record TextEvaluation(double Reward, double Gold, double Distinct2, IReadOnlyList<string> Prompts, IReadOnlyList<string> Responses,
    double? Kl = null);

/// <summary>What the PPO stage reports (<c>ppo.json</c>): the SFT start and the PPO policy on the same prompts.</summary>
/// <param name="Before">The SFT policy.</param>
/// <param name="After">The PPO policy.</param>
/// <param name="KlFinal">
/// Mean per-sequence KL to the reference of the PPO policy's evaluation samples: the final policy, measured on as many
/// completions as <see cref="RlhfPipelineOptions.EvalPrompts"/>, so less noisy than one update's batch.
/// </param>
/// <param name="KlLastUpdate">Mean per-sequence KL of the last update's batch (what the KL controller saw last).</param>
/// <param name="Updates">PPO updates run.</param>
public sealed record PpoStageResult(TextEvaluation Before, TextEvaluation After, double KlFinal, double KlLastUpdate, int Updates);

/// <summary>What the DPO stage reports (<c>dpo.json</c>).</summary>
/// <param name="After">The DPO policy on the PPO stage's evaluation prompts.</param>
/// <param name="Steps">DPO steps run.</param>
/// <param name="FinalRewardAccuracy">Share of the last batch's pairs whose implicit reward orders them as the labeller did.</param>
public sealed record DpoStageResult(TextEvaluation After, int Steps, double FinalRewardAccuracy);

/// <summary>What a GRPO or RLOO stage reports (<c>grpo.json</c>, <c>rloo.json</c>): exact-match accuracies before and after.</summary>
/// <param name="Baseline">grpo or rloo.</param>
/// <param name="Steps">Steps run.</param>
/// <param name="SampledBefore">SFT's accuracy sampled at temperature 1.</param>
/// <param name="GreedyBefore">SFT's greedy accuracy.</param>
/// <param name="SampledAfter">The trained policy's sampled accuracy.</param>
/// <param name="GreedyAfter">The trained policy's greedy accuracy.</param>
public sealed record GroupStageResult(string Baseline, int Steps, double SampledBefore, double GreedyBefore, double SampledAfter, double GreedyAfter);

/// <summary>A stage's progress: <paramref name="Step"/> of <paramref name="Total"/>, and now and then a line worth printing.</summary>
/// <param name="Stage">sft, rm, ppo, dpo, grpo or rloo.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Total">Steps planned.</param>
/// <param name="Line">A result or milestone worth printing, if any.</param>
public sealed record RlhfProgress(string Stage, int Step, int Total, string? Line = null);
