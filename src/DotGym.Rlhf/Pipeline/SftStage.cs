using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// Stage 1, <c>dotgym rlhf sft</c>: supervised fine-tuning of two character-level GPTs from scratch on generated
/// demonstrations: the review model (the start and reference of PPO and DPO) and the arithmetic model (of GRPO and
/// RLOO), which trains until its held-out greedy accuracy reaches the target. Writes <c>sft/</c>,
/// <c>arithmetic_sft/</c>, <c>metrics_sft.csv</c>, <c>metrics_sft_arithmetic.csv</c> and <c>sft.json</c>.
/// </summary>
public static class SftStage
{
    public const string Name = "sft";

    public static SftStageResult Run(RlhfPipelineOptions o, RlhfRunFolder run, Action<RlhfProgress>? progress = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(run);
        device ??= CPU;
        long seed = o.Seed;

        var codec = RlhfTasks.ReviewCodec(o);
        using var sft = Gpt.Create(o.ReviewModel with { VocabSize = codec.Tokenizer.VocabSize }, seed).to(device);
        SftResult review;
        using (var metrics = new StageMetrics(run, Name, ["step", "loss"]))
            review = SftTrainer.Train(sft, codec, SftDemonstrations.Reviews(4000, seed), SftDemonstrations.Reviews(300, seed + 1000),
                new SftOptions { Steps = o.SftSteps, Seed = seed }, (step, loss) =>
                {
                    metrics.Append(step, loss);
                    progress?.Invoke(new RlhfProgress(Name, step, o.SftSteps, step % 100 == 0 ? $"sft step {step}/{o.SftSteps}: loss {loss:F3}" : null));
                });
        GptCheckpoint.Save(sft, run.SftModel);
        progress?.Invoke(new RlhfProgress(Name, o.SftSteps, o.SftSteps,
            $"sft (reviews): validation loss {review.ValidationLoss:F3}, {review.EosRate:P0} of samples end with EOS"));

        var mathCodec = RlhfTasks.ArithmeticCodec(o);
        using var math = Gpt.Create(o.ArithmeticModel with { VocabSize = mathCodec.Tokenizer.VocabSize }, seed + 20).to(device);
        var heldOut = SftDemonstrations.Additions(200, seed + 22);
        var heldOutPrompts = heldOut.Select(d => d.Prompt).ToList();
        double HeldOutGreedy(Gpt m) => GrpoTrainer.Accuracy(m, mathCodec, heldOutPrompts, AdditionTask.ExactMatch, 0.0, 4, 0);
        const string mathStage = Name + "_arithmetic";
        SftResult arithmetic;
        using (var metrics = new StageMetrics(run, mathStage, ["step", "loss"]))
            arithmetic = SftTrainer.Train(math, mathCodec, SftDemonstrations.Additions(3000, seed + 21), heldOut.Take(100).ToList(),
                new SftOptions
                {
                    Steps = o.ArithmeticSftMaxSteps, Seed = seed + 20, BatchSize = 64, CheckEvery = 25,
                    StopWhen = m => HeldOutGreedy(m) >= o.ArithmeticTargetGreedyAccuracy,
                }, (step, loss) =>
                {
                    metrics.Append(step, loss);
                    progress?.Invoke(new RlhfProgress(mathStage, step, o.ArithmeticSftMaxSteps));
                });
        GptCheckpoint.Save(math, run.ArithmeticSftModel);
        double greedy = HeldOutGreedy(math);
        progress?.Invoke(new RlhfProgress(mathStage, o.ArithmeticSftMaxSteps, o.ArithmeticSftMaxSteps,
            $"sft (arithmetic): stopped after {arithmetic.Steps} steps at held-out greedy accuracy {greedy:F3} (target {o.ArithmeticTargetGreedyAccuracy:F2})"));

        var result = new SftStageResult(review.ValidationLoss, review.EosRate, review.Steps, arithmetic.Steps, greedy);
        run.WriteResult(Name, result);
        return result;
    }
}
