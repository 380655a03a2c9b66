using DotGym.Random;
using DotGym.Rlhf.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Settings of PPO fine-tuning against a reward model (TRL's PPO defaults where they apply).</summary>
public sealed record PpoRlhfOptions
{
    public int Updates { get; init; } = 200;
    public int BatchSize { get; init; } = 64;
    public int MiniBatchSize { get; init; } = 16;
    public int PpoEpochs { get; init; } = 4;
    public double LearningRate { get; init; } = 1e-4;
    public double ClipRange { get; init; } = 0.2;
    public double ClipRangeValue { get; init; } = 0.2;
    public double ValueCoef { get; init; } = 0.1;
    /// <summary>
    /// Weight of the mean per-token entropy bonus in the loss (PPO's entropy term; TRL leaves it out). It keeps the
    /// policy from collapsing onto a few phrases, which the KL penalty alone allows within its budget.
    /// </summary>
    public double EntropyCoef { get; init; }
    public double Gamma { get; init; } = 1.0;
    public double Lambda { get; init; } = 0.95;
    public int MaxNewTokens { get; init; } = 64;
    /// <summary>Used both to sample and to score log-probabilities (a mismatch biases the KL and the ratio).</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Added to the score of a response that never emits end-of-sequence.</summary>
    public double MissingEosPenalty { get; init; } = -1.0;
    /// <summary>
    /// The adaptive controller with init 0.3 and horizon 2,000 (TRL's defaults are 0.2 and 10,000): measured on 3
    /// seeds, TRL's values let the policy collapse onto one phrase (distinct-2 fell to 0.11-0.15 from 0.26-0.32) with
    /// the KL at 6.8-7.0; these kept distinct-2 at 0.19-0.26 and the KL at 5.5-6.2.
    /// </summary>
    public bool AdaptiveKl { get; init; } = true;
    public double InitKlCoef { get; init; } = 0.3;
    public double TargetKl { get; init; } = 6.0;
    public double KlHorizon { get; init; } = 2_000;
    public double MaxGradNorm { get; init; } = 1.0;
    public long Seed { get; init; } = 1;
}

/// <summary>One PPO update's statistics (means over the batch).</summary>
public sealed record PpoRlhfUpdate(int Update, double Score, double Kl, double KlCoef, double Gold, double ResponseLength, double Distinct2,
    double EosRate, double PolicyLoss, double ValueLoss, double Entropy);

/// <summary>
/// Stage 3: PPO fine-tuning of the SFT policy against a reward model (Ziegler et al. 2019; InstructGPT; TRL's
/// <c>PPOTrainer</c>). Each update: sample completions of a batch of prompts from the full distribution (no top-k, so
/// the measured KL is a real KL); score them (the reward model, normalised, plus a penalty for no EOS); per-token
/// rewards <c>−β (log π − log π_ref)</c> with the score at the last token; GAE (γ = 1, λ = 0.95) on the value head;
/// whitened advantages; epochs of minibatches of the clipped policy loss and the clipped value loss; then the KL
/// controller moves β.
/// </summary>
public static class PpoRlhfTrainer
{
    public static IReadOnlyList<PpoRlhfUpdate> Train(GptWithValueHead policy, Gpt reference, TextCodec codec, IReadOnlyList<string> prompts,
        Func<IReadOnlyList<string>, IReadOnlyList<string>, double[]> score, Func<string, double>? gold, PpoRlhfOptions o,
        Action<PpoRlhfUpdate>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reference);
        if (prompts.Count == 0) throw new ArgumentException("PPO needs prompts.", nameof(prompts));
        if (o.BatchSize % o.MiniBatchSize != 0) throw new ArgumentException($"batch_size {o.BatchSize} must be a multiple of mini_batch_size {o.MiniBatchSize}.");
        IKlController kl = o.AdaptiveKl ? new AdaptiveKlController(o.InitKlCoef, o.TargetKl, o.KlHorizon) : new FixedKlController(o.InitKlCoef);
        var rng = Seeding.NpRandom(o.Seed).Generator;
        using var sampleGenerator = new Generator((ulong)o.Seed + 1, CPU);
        using var shuffleGenerator = new Generator((ulong)o.Seed + 2, CPU);
        using var optimizer = new ScalarSafeAdam(policy.parameters(), o.LearningRate, eps: 1e-5);
        reference.eval();
        var history = new List<PpoRlhfUpdate>(o.Updates);
        for (int update = 1; update <= o.Updates; update++)
        {
            using var scope = NewDisposeScope();
            var batchPrompts = Enumerable.Range(0, o.BatchSize).Select(_ => prompts[(int)rng.Integers(prompts.Count)]).ToList();

            // ---- Rollout: sample, then score with the policy, the reference and the reward ----------------------------
            var (promptIds, promptMask) = codec.PromptBatch(batchPrompts, policy.Model.Device);
            long p = promptIds.shape[1];
            int room = Math.Min(o.MaxNewTokens, codec.ContextLength - (int)p);
            using var generated = policy.Model.Generate(promptIds, promptMask, room, o.Temperature, eosId: codec.Tokenizer.EosId,
                generator: sampleGenerator, padId: codec.Tokenizer.PadId);
            var batch = new ResponseBatch(promptIds, promptMask, generated, codec.Tokenizer.PadId);
            var responseMask = batch.ResponseMask;

            var responses = new string[o.BatchSize];
            var hasEos = new bool[o.BatchSize];
            for (int r = 0; r < o.BatchSize; r++)
            {
                var row = generated.TokensOf(r);
                responses[r] = codec.Response(row);
                hasEos[r] = row.Length > 0 && row[^1] == codec.Tokenizer.EosId;
            }
            var scores = score(batchPrompts, responses);
            if (scores.Length != o.BatchSize || scores.Any(s => !double.IsFinite(s)))
                throw new InvalidOperationException("The reward function must return one finite score per response.");
            var penalised = scores.Select((s, r) => hasEos[r] ? s : s + o.MissingEosPenalty).Select(s => (float)s).ToArray();

            Tensor oldLogProbs, oldValues, refLogProbs;
            using (no_grad())
            {
                var scored = batch.ScoreInChunks(o.MiniBatchSize, rows =>
                {
                    var (logProbs, values, _) = ResponseLogProbsAndValues(policy, rows, o.Temperature);
                    return [logProbs, values, ResponseBatch.ResponseLogProbs(reference, rows, o.Temperature)];
                });
                (oldLogProbs, oldValues, refLogProbs) = (scored[0], scored[1], scored[2]);
            }
            var (rewards, tokenKl) = SequenceAdvantages.TokenRewards(oldLogProbs, refLogProbs, tensor(penalised), responseMask, kl.Value);
            var (advantages, returns) = SequenceAdvantages.Gae(rewards, oldValues, responseMask, o.Gamma, o.Lambda);
            advantages = SequenceAdvantages.Whiten(advantages, responseMask);

            // ---- PPO epochs of minibatches ----------------------------------------------------------------------------
            double policyLossSum = 0, valueLossSum = 0, entropySum = 0;
            int steps = 0;
            policy.train();
            for (int epoch = 0; epoch < o.PpoEpochs; epoch++)
            {
                var permutation = randperm(o.BatchSize, generator: shuffleGenerator);
                for (int start = 0; start < o.BatchSize; start += o.MiniBatchSize)
                {
                    using var minibatch = NewDisposeScope();
                    var mb = permutation.narrow(0, start, o.MiniBatchSize);
                    var rows = batch.Select(mb);
                    var m = rows.Mask;
                    var (logProbs, values, entropy) = ResponseLogProbsAndValues(policy, rows, o.Temperature);
                    var adv = advantages.index_select(0, mb);
                    var ratio = (logProbs - oldLogProbs.index_select(0, mb)).exp();
                    var pgLoss = Masked(maximum(-adv * ratio, -adv * ratio.clamp(1 - o.ClipRange, 1 + o.ClipRange)), m);
                    var oldV = oldValues.index_select(0, mb);
                    var ret = returns.index_select(0, mb);
                    var clippedValues = oldV + (values - oldV).clamp(-o.ClipRangeValue, o.ClipRangeValue);
                    var valueLoss = 0.5 * Masked(maximum((values - ret).square(), (clippedValues - ret).square()), m);
                    var meanEntropy = Masked(entropy, m);
                    var loss = pgLoss + o.ValueCoef * valueLoss - o.EntropyCoef * meanEntropy;
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.ClipGradNorm(o.MaxGradNorm);
                    optimizer.Step();
                    policyLossSum += pgLoss.item<float>();
                    valueLossSum += valueLoss.item<float>();
                    entropySum += meanEntropy.item<float>();
                    steps++;
                }
            }
            policy.eval();

            double meanKl = tokenKl.sum(1).mean().item<float>();
            var stats = new PpoRlhfUpdate(update, scores.Average(), meanKl, kl.Value,
                gold is null ? double.NaN : batchPrompts.Select((pr, r) => gold(pr + responses[r])).Average(),
                responseMask.sum(1).mean().item<float>(), TextMetrics.DistinctN(responses), hasEos.Average(e => e ? 1.0 : 0.0),
                policyLossSum / steps, valueLossSum / steps, entropySum / steps);
            kl.Update(meanKl, o.BatchSize);
            history.Add(stats);
            progress?.Invoke(stats);
        }
        return history;
    }

    // Each response token's log-prob, value and the entropy of the distribution it was drawn from, [rows, n].
    private static (Tensor LogProbs, Tensor Values, Tensor Entropy) ResponseLogProbsAndValues(GptWithValueHead policy, ResponseRows rows, double temperature)
    {
        var (logits, values) = policy.Forward(rows.Inputs, null);
        var responseLogits = rows.AtResponses(logits);
        if (temperature != 1.0) responseLogits = responseLogits / temperature;
        var logSoftmax = responseLogits.log_softmax(-1);
        var picked = logSoftmax.gather(-1, rows.Tokens.unsqueeze(-1)).squeeze(-1);
        var entropy = -(logSoftmax.exp() * logSoftmax).sum(-1);
        return (picked, rows.AtResponses(values), entropy);
    }

    private static Tensor Masked(Tensor values, Tensor mask) => (values * mask).sum() / mask.sum();
}
