using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Random;
using DotGym.Rlhf.Checkpoints;
using DotGym.Rendering;
using DotGym.Rlhf.RewardModels;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using DotGym.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>The sizes of one pipeline run; <see cref="Quick"/> is the short version CI runs.</summary>
public sealed record RlhfPipelineOptions
{
    public long Seed { get; init; } = 1;
    public int SftSteps { get; init; } = 600;
    public int RmPrompts { get; init; } = 1200;
    public int RmHeldOutPrompts { get; init; } = 200;
    public int RankSize { get; init; } = 4;
    /// <summary>Std of the labeller's noise on the gold score (1.5 makes ~90% of pairs agree with the rule).</summary>
    public double LabelNoise { get; init; } = 1.5;
    public PpoRlhfOptions Ppo { get; init; } = new();
    public int EvalPrompts { get; init; } = 128;
    public int ArithmeticSftSteps { get; init; } = 700;
    public GrpoOptions Grpo { get; init; } = new();
    public DpoOptions Dpo { get; init; } = new();
    public int ArithmeticEvalProblems { get; init; } = 200;
    public GptConfig ReviewModel { get; init; } = new() { VocabSize = 0, ContextLength = 128, Layers = 2, Heads = 4, EmbeddingDim = 96 };
    public GptConfig ArithmeticModel { get; init; } = new() { VocabSize = 0, ContextLength = 16, Layers = 2, Heads = 4, EmbeddingDim = 64 };

    /// <summary>A CI-sized run (about a minute on 2 cores) that still shows the reward rising.</summary>
    public static RlhfPipelineOptions Quick(long seed) => new()
    {
        Seed = seed, SftSteps = 150, RmPrompts = 150, RmHeldOutPrompts = 50, EvalPrompts = 64,
        Ppo = new PpoRlhfOptions { Updates = 12, BatchSize = 32, MiniBatchSize = 16, PpoEpochs = 2, Seed = seed },
        ArithmeticSftSteps = 150, Grpo = new GrpoOptions { Steps = 15, PromptsPerStep = 16, Seed = seed }, ArithmeticEvalProblems = 100,
        Dpo = new DpoOptions { Steps = 10, BatchSize = 16, Seed = seed },
        ReviewModel = new() { VocabSize = 0, ContextLength = 128, Layers = 1, Heads = 2, EmbeddingDim = 48 },
    };
}

/// <summary>What <c>summary.json</c> holds.</summary>
public sealed record RlhfSummary
{
    public long Seed { get; init; }
    public double SftValidationLoss { get; init; }
    public double SftEosRate { get; init; }
    public double SentimentAccuracy { get; init; }
    public double RmPairwiseAccuracy { get; init; }
    public double RewardMeanBefore { get; init; }
    public double RewardMeanAfter { get; init; }
    public double KlFinal { get; init; }
    public double GoldBefore { get; init; }
    public double GoldAfter { get; init; }
    public double Distinct2Sft { get; init; }
    public double Distinct2Final { get; init; }
    public double GrpoAccuracyBefore { get; init; }
    public double GrpoAccuracyAfter { get; init; }
    public double GrpoGreedyAccuracyBefore { get; init; }
    public double GrpoGreedyAccuracyAfter { get; init; }
    public double RlooAccuracyAfter { get; init; }
    public double RlooGreedyAccuracyAfter { get; init; }
    public double DpoRewardMeanAfter { get; init; }
    public double DpoGoldAfter { get; init; }
    public double DpoDistinct2 { get; init; }
    public double WallSeconds { get; init; }
    public string Device { get; init; } = "cpu";
}

/// <summary>
/// ChatGPT's pipeline at small scale, end to end from a seed: SFT of a character-level GPT on generated review
/// demonstrations; a sentiment classifier and a preference model from K-wise noisy rankings of SFT samples; PPO with a
/// KL penalty against the normalised preference reward; and, on two-digit addition, SFT then GRPO. Writes the models,
/// <c>metrics_ppo.csv</c>, <c>metrics_grpo.csv</c>, <c>summary.json</c> and <c>report.md</c> (sample completions of the
/// same prompts before and after PPO) into the output folder.
/// </summary>
public static class RlhfPipeline
{
    public static RlhfSummary Run(RlhfPipelineOptions o, string outDir, Action<string>? log = null, Device? device = null)
    {
        log ??= _ => { };
        device ??= CPU;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        long seed = o.Seed;

        // ---- 1. SFT on review demonstrations ---------------------------------------------------------------------
        var tokenizer = new CharTokenizer(ValenceLexicon.Alphabet);
        var codec = new TextCodec(tokenizer, o.ReviewModel.ContextLength);
        var demos = SftDemonstrations.Reviews(4000, seed);
        var validation = SftDemonstrations.Reviews(300, seed + 1000);
        using var sft = Gpt.Create(o.ReviewModel with { VocabSize = tokenizer.VocabSize }, seed).to(device);
        var sftResult = SftTrainer.Train(sft, codec, demos, validation, new SftOptions { Steps = o.SftSteps, Seed = seed },
            (step, loss) => { if (step % 50 == 0) log($"sft step {step}/{o.SftSteps}: loss {loss:F3}"); });
        log($"sft: validation loss {sftResult.ValidationLoss:F3}, {sftResult.EosRate:P0} of samples end with EOS");
        string sftDir = Path.Combine(outDir, "sft");
        GptCheckpoint.Save(sft, sftDir);

        // ---- 2. Reward models ------------------------------------------------------------------------------------
        using var sentiment = RewardModelTrainer.TrainSentiment(ReviewCorpus.Generate(2000, seed + 2), new RewardTrainingOptions { Seed = seed });
        double sentimentAccuracy = RewardModelTrainer.SentimentAccuracy(sentiment, ReviewCorpus.Generate(500, seed + 3));
        log($"sentiment classifier: held-out accuracy {sentimentAccuracy:F3}");
        using var sampling = new Generator((ulong)seed + 11, CPU);
        var labeler = new SimulatedLabeler(HumanPreference.Score, o.LabelNoise, Seeding.NpRandom(seed + 12).Generator);
        var rankings = RankSftSamples(sft, codec, ReviewPrompts.Generate(o.RmPrompts, seed + 4), o.RankSize, labeler, sampling);
        var heldOut = RankSftSamples(sft, codec, ReviewPrompts.Generate(o.RmHeldOutPrompts, seed + 5), o.RankSize, labeler, sampling);
        using var preference = RewardModelTrainer.TrainPreferences(rankings, new RewardTrainingOptions { Seed = seed });
        double pairwise = RewardModelTrainer.PairwiseAccuracy(preference, heldOut, HumanPreference.Score);
        log($"preference model: held-out pairwise accuracy vs the noise-free rule {pairwise:F3}");
        var normalization = RewardNormalization.FromScores(preference.Score(rankings.SelectMany(r => r.Completions.Select(c => r.Prompt + c)).ToList()));
        double[] Reward(IReadOnlyList<string> prompts, IReadOnlyList<string> responses) =>
            preference.Score(prompts.Select((pr, i) => pr + responses[i]).ToList()).Select(normalization.Normalize).ToArray();

        // ---- 3. PPO against the normalised preference reward ------------------------------------------------------
        var evalPrompts = ReviewPrompts.Generate(o.EvalPrompts, seed + 7).Select(p => p.Prompt).ToList();
        var before = Evaluate(sft, codec, evalPrompts, Reward, o.Ppo.MaxNewTokens, seed + 8);
        using var reference = GptCheckpoint.Load(sftDir, device);
        using var policyModel = GptCheckpoint.Load(sftDir, device);
        using var headGenerator = new Generator((ulong)seed + 13, CPU);
        using var policy = new GptWithValueHead(policyModel, headGenerator).to(device);
        var trainPrompts = ReviewPrompts.Generate(2000, seed + 6).Select(p => p.Prompt).ToList();
        var ppoLog = new StringBuilder("update,score,kl,kl_coef,gold,response_length,distinct2,eos_rate,policy_loss,value_loss\n");
        var ppo = PpoRlhfTrainer.Train(policy, reference, codec, trainPrompts, Reward, HumanPreference.Score, o.Ppo with { Seed = seed }, u =>
        {
            ppoLog.Append(FormattableString.Invariant($"{u.Update},{u.Score},{u.Kl},{u.KlCoef},{u.Gold},{u.ResponseLength},{u.Distinct2},{u.EosRate},{u.PolicyLoss},{u.ValueLoss}\n"));
            if (u.Update % 10 == 0 || u.Update == o.Ppo.Updates)
                log($"ppo update {u.Update}/{o.Ppo.Updates}: reward {u.Score:F2}, kl {u.Kl:F2} (beta {u.KlCoef:F3}), gold {u.Gold:F2}, length {u.ResponseLength:F0}");
        });
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics_ppo.csv"), ppoLog.ToString());
        var after = Evaluate(policyModel, codec, evalPrompts, Reward, o.Ppo.MaxNewTokens, seed + 8);
        GptCheckpoint.Save(policyModel, Path.Combine(outDir, "ppo"));
        log($"ppo: reward {before.Reward:F2} -> {after.Reward:F2}, gold {before.Gold:F2} -> {after.Gold:F2}, distinct-2 {before.Distinct2:F2} -> {after.Distinct2:F2}");

        // ---- 5. DPO on the same ranked pairs, offline, for comparison with PPO ----------------------------------------
        using var dpoPolicy = GptCheckpoint.Load(sftDir, device);
        var dpoLog = new StringBuilder("step,loss,reward_accuracy,margin\n");
        DpoTrainer.Train(dpoPolicy, reference, codec, rankings, o.Dpo with { Seed = seed }, d =>
            dpoLog.Append(FormattableString.Invariant($"{d.Step},{d.Loss},{d.RewardAccuracy},{d.Margin}\n")));
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics_dpo.csv"), dpoLog.ToString());
        var dpo = Evaluate(dpoPolicy, codec, evalPrompts, Reward, o.Ppo.MaxNewTokens, seed + 8);
        log($"dpo: reward {before.Reward:F2} -> {dpo.Reward:F2}, gold {before.Gold:F2} -> {dpo.Gold:F2}, distinct-2 {dpo.Distinct2:F2}");

        // ---- 4. GRPO on two-digit addition -------------------------------------------------------------------------
        var mathTokenizer = new CharTokenizer(AdditionTask.Alphabet);
        var mathCodec = new TextCodec(mathTokenizer, o.ArithmeticModel.ContextLength);
        using var mathSft = Gpt.Create(o.ArithmeticModel with { VocabSize = mathTokenizer.VocabSize }, seed + 20).to(device);
        SftTrainer.Train(mathSft, mathCodec, SftDemonstrations.Additions(3000, seed + 21), SftDemonstrations.Additions(100, seed + 22),
            new SftOptions { Steps = o.ArithmeticSftSteps, Seed = seed + 20, BatchSize = 64 });
        string mathDir = Path.Combine(outDir, "arithmetic_sft");
        GptCheckpoint.Save(mathSft, mathDir);
        var problems = AdditionTask.Generate(o.ArithmeticEvalProblems, seed + 23).Select(p => p.Prompt).ToList();
        double sampledBefore = GrpoTrainer.Accuracy(mathSft, mathCodec, problems, AdditionTask.ExactMatch, 1.0, 4, seed + 24);
        double greedyBefore = GrpoTrainer.Accuracy(mathSft, mathCodec, problems, AdditionTask.ExactMatch, 0.0, 4, seed + 24);
        using var mathReference = GptCheckpoint.Load(mathDir, device);
        var trainProblems = AdditionTask.Generate(5000, seed + 25).Select(p => p.Prompt).ToList();
        var grpoLog = new StringBuilder("step,reward,kl,loss\n");
        GrpoTrainer.Train(mathSft, mathReference, mathCodec, trainProblems, AdditionTask.ExactMatch, o.Grpo with { Seed = seed }, s =>
        {
            grpoLog.Append(FormattableString.Invariant($"{s.Step},{s.Reward},{s.Kl},{s.Loss}\n"));
            if (s.Step % 25 == 0) log($"grpo step {s.Step}/{o.Grpo.Steps}: reward {s.Reward:F2}, kl {s.Kl:F3}");
        });
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics_grpo.csv"), grpoLog.ToString());
        double sampledAfter = GrpoTrainer.Accuracy(mathSft, mathCodec, problems, AdditionTask.ExactMatch, 1.0, 4, seed + 24);
        double greedyAfter = GrpoTrainer.Accuracy(mathSft, mathCodec, problems, AdditionTask.ExactMatch, 0.0, 4, seed + 24);
        log($"grpo: sampled accuracy {sampledBefore:F3} -> {sampledAfter:F3}, greedy {greedyBefore:F3} -> {greedyAfter:F3}");

        // ---- 6. RLOO from the same SFT model, same budget, for comparison with GRPO ------------------------------------
        using var rlooPolicy = GptCheckpoint.Load(mathDir, device);
        GrpoTrainer.Train(rlooPolicy, mathReference, mathCodec, trainProblems, AdditionTask.ExactMatch, o.Grpo with { Seed = seed, Baseline = GroupBaseline.Rloo });
        double rlooSampled = GrpoTrainer.Accuracy(rlooPolicy, mathCodec, problems, AdditionTask.ExactMatch, 1.0, 4, seed + 24);
        double rlooGreedy = GrpoTrainer.Accuracy(rlooPolicy, mathCodec, problems, AdditionTask.ExactMatch, 0.0, 4, seed + 24);
        log($"rloo: sampled accuracy {sampledBefore:F3} -> {rlooSampled:F3}, greedy {greedyBefore:F3} -> {rlooGreedy:F3}");

        var summary = new RlhfSummary
        {
            Seed = seed, SftValidationLoss = sftResult.ValidationLoss, SftEosRate = sftResult.EosRate,
            SentimentAccuracy = sentimentAccuracy, RmPairwiseAccuracy = pairwise,
            RewardMeanBefore = before.Reward, RewardMeanAfter = after.Reward, KlFinal = ppo[^1].Kl,
            GoldBefore = before.Gold, GoldAfter = after.Gold, Distinct2Sft = before.Distinct2, Distinct2Final = after.Distinct2,
            GrpoAccuracyBefore = sampledBefore, GrpoAccuracyAfter = sampledAfter,
            GrpoGreedyAccuracyBefore = greedyBefore, GrpoGreedyAccuracyAfter = greedyAfter,
            RlooAccuracyAfter = rlooSampled, RlooGreedyAccuracyAfter = rlooGreedy,
            DpoRewardMeanAfter = dpo.Reward, DpoGoldAfter = dpo.Gold, DpoDistinct2 = dpo.Distinct2,
            WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1), Device = device.ToString(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(summary, JsonOptions));
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), Report(summary, evalPrompts, before, after, dpo));
        return summary;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Evaluation(double Reward, double Gold, double Distinct2, string[] Responses);

    private static Evaluation Evaluate(Gpt model, TextCodec codec, IReadOnlyList<string> prompts,
        Func<IReadOnlyList<string>, IReadOnlyList<string>, double[]> reward, int maxNewTokens, long seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        var (texts, _) = Sampler.Sample(model, codec, prompts, maxNewTokens, 1.0, generator);
        return new Evaluation(reward(prompts, texts).Average(), prompts.Select((p, i) => HumanPreference.Score(p + texts[i])).Average(),
            TextMetrics.DistinctN(texts), texts);
    }

    private static List<RankedCompletions> RankSftSamples(Gpt sft, TextCodec codec, IReadOnlyList<ReviewPrompt> prompts, int k,
        SimulatedLabeler labeler, Generator generator)
    {
        var repeated = prompts.SelectMany(p => Enumerable.Repeat(p.Prompt, k)).ToList();
        var (texts, _) = Sampler.Sample(sft, codec, repeated, 64, 1.0, generator);
        return prompts.Select((p, i) => labeler.Rank(p.Prompt, texts.Skip(i * k).Take(k).ToList())).ToList();
    }

    private static string Report(RlhfSummary s, IReadOnlyList<string> prompts, Evaluation before, Evaluation after, Evaluation dpo)
    {
        var md = new StringBuilder();
        md.AppendLine($"# RLHF pipeline, seed {s.Seed}").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("|---|---|");
        foreach (var (name, value) in JsonSerializer.SerializeToNode(s, JsonOptions)!.AsObject())
            md.AppendLine($"| {name} | {value} |");
        md.AppendLine().AppendLine("## PPO, DPO and the SFT start on the same evaluation prompts").AppendLine();
        md.AppendLine("| | SFT | PPO | DPO |").AppendLine("|---|---|---|---|");
        md.AppendLine(FormattableString.Invariant($"| normalised reward | {before.Reward:F2} | {after.Reward:F2} | {dpo.Reward:F2} |"));
        md.AppendLine(FormattableString.Invariant($"| gold (hidden rule) | {before.Gold:F2} | {after.Gold:F2} | {dpo.Gold:F2} |"));
        md.AppendLine(FormattableString.Invariant($"| distinct-2 | {before.Distinct2:F2} | {after.Distinct2:F2} | {dpo.Distinct2:F2} |"));
        md.AppendLine().AppendLine("## The same prompts before (SFT) and after PPO and DPO").AppendLine();
        md.AppendLine("| prompt | SFT | PPO | DPO |").AppendLine("|---|---|---|---|");
        for (int i = 0; i < Math.Min(12, prompts.Count); i++)
            md.AppendLine($"| {prompts[i]} | {before.Responses[i].Trim()} | {after.Responses[i].Trim()} | {dpo.Responses[i].Trim()} |");
        return md.ToString();
    }
}
