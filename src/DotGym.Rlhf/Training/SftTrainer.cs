using DotGym.Random;
using DotGym.Text.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Settings of supervised fine-tuning.</summary>
public sealed record SftOptions
{
    public int Steps { get; init; } = 600;
    public int BatchSize { get; init; } = 48;
    public double LearningRate { get; init; } = 1e-3;
    public double MaxGradNorm { get; init; } = 1.0;
    public long Seed { get; init; } = 1;
    /// <summary>
    /// Checked every <see cref="CheckEvery"/> steps with the model in eval mode: SFT ends at the first check that returns
    /// true (e.g. once a held-out accuracy is reached, so that every seed starts RL from the same competence).
    /// </summary>
    public Func<Gpt, bool>? StopWhen { get; init; }
    public int CheckEvery { get; init; } = 50;
}

/// <summary>What SFT reports: the validation loss per token, how often samples end with end-of-sequence, and the steps run.</summary>
public sealed record SftResult(double TrainLoss, double ValidationLoss, double EosRate, IReadOnlyList<string> Samples, int Steps);

/// <summary>
/// Stage 1 of the RLHF pipeline: next-token cross-entropy on demonstration sequences (prompt, completion, EOS), Adam,
/// global gradient clipping, minibatches drawn with a seeded generator.
/// </summary>
public static class SftTrainer
{
    public static SftResult Train(Gpt model, TextCodec codec, IReadOnlyList<SftDemonstration> train, IReadOnlyList<SftDemonstration> validation,
        SftOptions options, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (train.Count == 0) throw new ArgumentException("SFT needs demonstrations.", nameof(train));
        var sequences = train.Select(d => codec.SequenceIds(d.Prompt, d.Completion)).ToList();
        var validationSequences = validation.Select(d => codec.SequenceIds(d.Prompt, d.Completion)).ToList();
        var rng = Seeding.NpRandom(options.Seed).Generator;
        using var optimizer = new ScalarSafeAdam(model.parameters(), options.LearningRate, weightDecay: 0.01);
        model.train();
        double recent = double.NaN;
        int stepsRun = options.Steps;
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, options.BatchSize).Select(_ => sequences[(int)rng.Integers(sequences.Count)]).ToList();
            var loss = Loss(model, codec, batch);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.ClipGradNorm(options.MaxGradNorm);
            optimizer.Step();
            double value = loss.item<float>();
            if (double.IsNaN(value)) throw new InvalidOperationException($"The SFT loss became NaN at step {step}; lower the learning rate.");
            recent = double.IsNaN(recent) ? value : 0.95 * recent + 0.05 * value;
            progress?.Invoke(step + 1, recent);
            if (options.StopWhen is { } stop && (step + 1) % options.CheckEvery == 0)
            {
                model.eval();
                bool done = stop(model);
                model.train();
                if (done) { stepsRun = step + 1; break; }
            }
        }
        model.eval();
        double validationLoss = ValidationLoss(model, codec, validationSequences);
        var prompts = validation.Take(64).Select(d => d.Prompt).ToList();
        using var generator = new Generator((ulong)options.Seed + 7, CPU);
        var (texts, eos) = Sampler.Sample(model, codec, prompts, codec.ContextLength - prompts.Max(p => codec.PromptIds(p).Length), temperature: 1.0, generator);
        return new SftResult(recent, validationLoss, eos.Average(e => e ? 1.0 : 0.0), prompts.Zip(texts, (p, t) => p + t).ToList(), stepsRun);
    }

    /// <summary>Mean next-token cross-entropy over the real tokens of a batch of sequences.</summary>
    internal static Tensor Loss(Gpt model, TextCodec codec, IReadOnlyList<int[]> batch)
    {
        var (ids, mask) = LeftPaddedBatch.From(batch, codec.Tokenizer.PadId, model.Device);
        long t = ids.shape[1];
        var inputs = ids.narrow(1, 0, t - 1);
        var targets = ids.narrow(1, 1, t - 1);
        var inputMask = mask.narrow(1, 0, t - 1);
        var targetMask = mask.narrow(1, 1, t - 1).to(ScalarType.Float32);
        var logProbs = model.LogProbs(inputs, inputMask, targets);
        return -(logProbs * targetMask).sum() / targetMask.sum();
    }

    private static double ValidationLoss(Gpt model, TextCodec codec, IReadOnlyList<int[]> sequences)
    {
        if (sequences.Count == 0) return double.NaN;
        using var noGrad = no_grad();
        double total = 0;
        int batches = 0;
        for (int start = 0; start < sequences.Count; start += 64)
        {
            using var scope = NewDisposeScope();
            total += Loss(model, codec, sequences.Skip(start).Take(64).ToList()).item<float>();
            batches++;
        }
        return total / batches;
    }
}
