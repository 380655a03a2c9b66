using DotGym.Rlhf.RewardModels;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using DotGym.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>What the stages share: the two tasks' tokenizers, the evaluation prompts and how a policy is scored on them.</summary>
internal static class RlhfTasks
{
    public static TextCodec ReviewCodec(RlhfPipelineOptions o) => new(new CharTokenizer(ValenceLexicon.Alphabet), o.ReviewModel.ContextLength);

    public static TextCodec ArithmeticCodec(RlhfPipelineOptions o) => new(new CharTokenizer(AdditionTask.Alphabet), o.ArithmeticModel.ContextLength);

    /// <summary>The prompts PPO and DPO are compared on (never trained on).</summary>
    public static List<string> EvalPrompts(RlhfPipelineOptions o) => ReviewPrompts.Generate(o.EvalPrompts, o.Seed + 7).Select(p => p.Prompt).ToList();

    /// <summary>The additions GRPO and RLOO are measured on (never trained on).</summary>
    public static List<string> EvalProblems(RlhfPipelineOptions o) =>
        AdditionTask.Generate(o.ArithmeticEvalProblems, o.Seed + 23).Select(p => p.Prompt).ToList();

    /// <summary>The preference model's score of prompt + response, normalised to mean 0, std 1 on SFT samples.</summary>
    public static Func<IReadOnlyList<string>, IReadOnlyList<string>, double[]> PreferenceReward(LinearTextScorer model, RewardNormalization normalization) =>
        (prompts, responses) => model.Score(prompts.Select((p, i) => SimulatedLabeler.Join(p, responses[i])).ToList()).Select(normalization.Normalize).ToArray();

    /// <summary>
    /// The reward stage's preference model and its normalisation, as PPO and DPO score with them. The caller disposes
    /// the model.
    /// </summary>
    public static (LinearTextScorer Model, Func<IReadOnlyList<string>, IReadOnlyList<string>, double[]> Reward) LoadPreferenceReward(RlhfRunFolder run)
    {
        var rm = run.ReadResult<RewardStageResult>(RewardModelStage.Name);
        var model = LinearTextScorerFile.Load(run.Require(RewardModelStage.Name, run.PreferenceModel));
        return (model, PreferenceReward(model, new RewardNormalization(rm.NormalizationMean, rm.NormalizationStd)));
    }

    /// <summary>
    /// Samples (temperature 1, full distribution) of every prompt, scored by the reward and the hidden rule, and, when
    /// a <paramref name="reference"/> is given, their KL to it.
    /// </summary>
    public static TextEvaluation Evaluate(Gpt model, TextCodec codec, IReadOnlyList<string> prompts,
        Func<IReadOnlyList<string>, IReadOnlyList<string>, double[]> reward, int maxNewTokens, long seed, Gpt? reference = null)
    {
        using var generator = new Generator((ulong)seed, CPU);
        string[] texts;
        double? kl = null;
        if (reference is null) (texts, _) = Sampler.Sample(model, codec, prompts, maxNewTokens, 1.0, generator);
        else
        {
            (texts, _, var perSequence) = Sampler.SampleWithKl(model, reference, codec, prompts, maxNewTokens, 1.0, generator);
            kl = perSequence.Average();
        }
        return new TextEvaluation(reward(prompts, texts).Average(),
            prompts.Select((p, i) => HumanPreference.Score(SimulatedLabeler.Join(p, texts[i]))).Average(), TextMetrics.DistinctN(texts), prompts.ToList(), texts, kl);
    }

    /// <summary>Sampled (temperature 1) and greedy exact-match accuracy on the evaluation additions.</summary>
    public static (double Sampled, double Greedy) ArithmeticAccuracy(Gpt model, TextCodec codec, IReadOnlyList<string> problems, long seed) =>
        (GrpoTrainer.Accuracy(model, codec, problems, AdditionTask.ExactMatch, 1.0, 4, seed + 24),
         GrpoTrainer.Accuracy(model, codec, problems, AdditionTask.ExactMatch, 0.0, 4, seed + 24));
}
