using DotGym.Random;
using DotGym.Rlhf.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Which value-free baseline a group trainer uses.</summary>
public enum GroupBaseline
{
    /// <summary>GRPO: group-normalised rewards (r − mean) / (std + 1e-4).</summary>
    Grpo,
    /// <summary>RLOO: reward minus the mean of the other completions of the same prompt.</summary>
    Rloo,
}

/// <summary>Settings of the value-free trainers (TRL's GRPO defaults where they apply).</summary>
public sealed record GrpoOptions
{
    public GroupBaseline Baseline { get; init; } = GroupBaseline.Grpo;
    public int Steps { get; init; } = 200;
    public int PromptsPerStep { get; init; } = 32;
    public int GroupSize { get; init; } = 8;
    public double LearningRate { get; init; } = 2e-4;
    /// <summary>Weight of the k3 KL estimator to the reference (0 turns it off).</summary>
    public double KlCoef { get; init; } = 0.04;
    public double ClipRange { get; init; } = 0.2;
    public int MaxNewTokens { get; init; } = 4;
    public double Temperature { get; init; } = 1.0;
    public double MaxGradNorm { get; init; } = 1.0;
    public long Seed { get; init; } = 1;
}

/// <summary>One step's statistics.</summary>
public sealed record GrpoStep(int Step, double Reward, double Kl, double Loss);

/// <summary>
/// Stage 4: GRPO (Shao et al. 2024) and RLOO (Ahmadian et al. 2024) on a verifiable reward. Each step samples
/// <c>GroupSize</c> completions per prompt, scores them, turns rewards into per-group advantages (no value network) and
/// takes one gradient step of the clipped token-level objective (one iteration per batch, so the ratio is 1 at the
/// step, as in TRL's default), plus β times the k3 KL estimator to the frozen reference.
/// </summary>
public static class GrpoTrainer
{
    public static IReadOnlyList<GrpoStep> Train(Gpt policy, Gpt reference, TextCodec codec, IReadOnlyList<string> prompts,
        Func<string, string, double> reward, GrpoOptions o, Action<GrpoStep>? progress = null)
    {
        if (prompts.Count == 0) throw new ArgumentException("GRPO needs prompts.", nameof(prompts));
        var rng = Seeding.NpRandom(o.Seed).Generator;
        using var sampleGenerator = new Generator((ulong)o.Seed + 1, CPU);
        using var optimizer = new ScalarSafeAdam(policy.parameters(), o.LearningRate, eps: 1e-8);
        reference.eval();
        var history = new List<GrpoStep>(o.Steps);
        for (int step = 1; step <= o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var chosen = Enumerable.Range(0, o.PromptsPerStep).Select(_ => prompts[(int)rng.Integers(prompts.Count)]).ToList();
            var batchPrompts = chosen.SelectMany(pr => Enumerable.Repeat(pr, o.GroupSize)).ToList(); // group-major
            var (promptIds, promptMask) = codec.PromptBatch(batchPrompts, policy.Device);
            long p = promptIds.shape[1];
            using var generated = policy.Generate(promptIds, promptMask, Math.Min(o.MaxNewTokens, codec.ContextLength - (int)p), o.Temperature,
                eosId: codec.Tokenizer.EosId, generator: sampleGenerator, padId: codec.Tokenizer.PadId);
            var rewards = new float[batchPrompts.Count];
            for (int r = 0; r < rewards.Length; r++)
            {
                double value = reward(batchPrompts[r], codec.Response(generated.TokensOf(r)));
                if (!double.IsFinite(value)) throw new InvalidOperationException($"The reward returned {value} for the prompt \"{batchPrompts[r]}\"; it must be finite.");
                rewards[r] = (float)value;
            }
            var rewardTensor = tensor(rewards);
            var advantages = o.Baseline == GroupBaseline.Grpo
                ? GroupBaselines.GrpoAdvantages(rewardTensor, o.GroupSize)
                : GroupBaselines.RlooAdvantages(rewardTensor, o.GroupSize);

            var rows = new ResponseBatch(promptIds, promptMask, generated, codec.Tokenizer.PadId).Select(null);
            var mask = rows.Mask;

            policy.train();
            var logProbs = ResponseBatch.ResponseLogProbs(policy, rows, o.Temperature);
            var oldLogProbs = logProbs.detach();
            var ratio = (logProbs - oldLogProbs).exp();
            var adv = advantages.unsqueeze(1);
            var perToken = -minimum(ratio * adv, ratio.clamp(1 - o.ClipRange, 1 + o.ClipRange) * adv);
            Tensor klTerm = zeros_like(perToken);
            if (o.KlCoef > 0)
            {
                Tensor refLogProbs;
                using (no_grad()) refLogProbs = ResponseBatch.ResponseLogProbs(reference, rows, o.Temperature);
                klTerm = GroupBaselines.K3Kl(logProbs, refLogProbs);
                perToken = perToken + o.KlCoef * klTerm;
            }
            // Per-sequence mean over its tokens, then over sequences (GRPO's normalisation).
            var loss = ((perToken * mask).sum(1) / mask.sum(1)).mean();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.ClipGradNorm(o.MaxGradNorm);
            optimizer.Step();
            policy.eval();

            var stats = new GrpoStep(step, rewards.Average(), ((klTerm * mask).sum(1) / mask.sum(1)).mean().item<float>(), loss.item<float>());
            history.Add(stats);
            progress?.Invoke(stats);
        }
        return history;
    }

    /// <summary>Exact-match accuracy of sampled (temperature &gt; 0) or greedy (0) answers.</summary>
    public static double Accuracy(Gpt model, TextCodec codec, IReadOnlyList<string> prompts, Func<string, string, double> reward,
        double temperature, int maxNewTokens, long seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        var (texts, _) = Sampler.Sample(model, codec, prompts, maxNewTokens, temperature, temperature > 0 ? generator : null, batchSize: 256);
        return prompts.Select((pr, i) => reward(pr, texts[i])).Average();
    }
}
