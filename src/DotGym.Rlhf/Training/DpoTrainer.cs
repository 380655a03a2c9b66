using DotGym.Random;
using DotGym.Rlhf.Objectives;
using DotGym.Rlhf.RewardModels;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Settings of DPO.</summary>
public sealed record DpoOptions
{
    public int Steps { get; init; } = 200;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 5e-5;
    public double Beta { get; init; } = 0.1;
    public double MaxGradNorm { get; init; } = 1.0;
    public long Seed { get; init; } = 1;
}

/// <summary>One DPO step: the loss and the share of pairs whose implicit reward orders them correctly.</summary>
public sealed record DpoStep(int Step, double Loss, double RewardAccuracy, double Margin);

/// <summary>
/// Stage 5: Direct Preference Optimisation (Rafailov et al. 2023) on the same ranked pairs the reward model learned
/// from, offline: no sampling, no reward model, the frozen SFT model as reference. A completion's log-probability is
/// the sum over its tokens (prompt tokens excluded).
/// </summary>
public static class DpoTrainer
{
    public static IReadOnlyList<DpoStep> Train(Gpt policy, Gpt reference, TextCodec codec, IReadOnlyList<RankedCompletions> rankings, DpoOptions o,
        Action<DpoStep>? progress = null)
    {
        var pairs = rankings.SelectMany(r => r.Pairs().Select(p => (r.Prompt, p.Chosen, p.Rejected))).ToList();
        if (pairs.Count == 0) throw new ArgumentException("DPO needs ranked pairs.", nameof(rankings));
        var rng = Seeding.NpRandom(o.Seed).Generator;
        using var optimizer = new ScalarSafeAdam(policy.parameters(), o.LearningRate);
        reference.eval();
        var history = new List<DpoStep>(o.Steps);
        for (int step = 1; step <= o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, o.BatchSize).Select(_ => pairs[(int)rng.Integers(pairs.Count)]).ToList();
            var chosen = batch.Select(b => (b.Prompt, b.Chosen)).ToList();
            var rejected = batch.Select(b => (b.Prompt, b.Rejected)).ToList();
            Tensor refChosen, refRejected;
            using (no_grad())
            {
                refChosen = CompletionLogProbs(reference, codec, chosen);
                refRejected = CompletionLogProbs(reference, codec, rejected);
            }
            policy.train();
            var (loss, chosenRewards, rejectedRewards) = PreferenceLosses.Dpo(CompletionLogProbs(policy, codec, chosen),
                CompletionLogProbs(policy, codec, rejected), refChosen, refRejected, o.Beta);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.ClipGradNorm(o.MaxGradNorm);
            optimizer.Step();
            policy.eval();
            var stats = new DpoStep(step, loss.item<float>(), (chosenRewards > rejectedRewards).to(ScalarType.Float32).mean().item<float>(),
                (chosenRewards - rejectedRewards).mean().item<float>());
            history.Add(stats);
            progress?.Invoke(stats);
        }
        return history;
    }

    /// <summary>Summed log-probability of each completion given its prompt, <c>[B]</c>.</summary>
    internal static Tensor CompletionLogProbs(Gpt model, TextCodec codec, IReadOnlyList<(string Prompt, string Completion)> items)
    {
        var sequences = items.Select(i => codec.SequenceIds(i.Prompt, i.Completion)).ToList();
        var promptLengths = items.Select(i => codec.PromptIds(i.Prompt).Length).ToArray();
        var (ids, mask) = LeftPaddedBatch.From(sequences, codec.Tokenizer.PadId, model.Device);
        long t = ids.shape[1];
        var logProbs = model.LogProbs(ids.narrow(1, 0, t - 1), mask.narrow(1, 0, t - 1), ids.narrow(1, 1, t - 1));
        // Target column j is token j + 1; a row's completion starts at its prompt's end (after the left padding).
        var completionMask = new float[items.Count * (t - 1)];
        for (int r = 0; r < items.Count; r++)
        {
            long pad = t - sequences[r].Length;
            for (long j = pad + promptLengths[r] - 1; j < t - 1; j++) completionMask[r * (t - 1) + j] = 1;
        }
        return (logProbs * tensor(completionMask, [items.Count, t - 1], device: model.Device)).sum(1);
    }
}
