using System.Text.Json;
using DotGym.Random;
using DotGym.Rendering;
using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.RewardModels;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// Stage 2, <c>dotgym rlhf rm</c>: (a) a sentiment classifier on labelled reviews (the IMDB classifier of TRL's
/// example); (b) a preference model from K-wise rankings of SFT samples by the simulated labeller (the hidden rule plus
/// noise), fitted with the pairwise loss, and the normalisation that makes its score mean 0, std 1 on SFT samples.
/// Writes <c>reward/</c> (both models, the training and held-out rankings) and <c>rm.json</c>.
/// </summary>
public static class RewardModelStage
{
    public const string Name = "rm";

    public static RewardStageResult Run(RlhfPipelineOptions o, RlhfRunFolder run, Action<RlhfProgress>? progress = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(run);
        long seed = o.Seed;
        var codec = RlhfTasks.ReviewCodec(o);
        using var sft = GptCheckpoint.Load(run.Require(SftStage.Name, run.SftModel), device);

        progress?.Invoke(new RlhfProgress(Name, 0, 3));
        using var sentiment = RewardModelTrainer.TrainSentiment(ReviewCorpus.Generate(2000, seed + 2), o.SentimentTraining with { Seed = seed });
        double sentimentAccuracy = RewardModelTrainer.SentimentAccuracy(sentiment, ReviewCorpus.Generate(500, seed + 3));
        LinearTextScorerFile.Save(sentiment, run.SentimentModel);
        progress?.Invoke(new RlhfProgress(Name, 1, 3, $"sentiment classifier: held-out accuracy {sentimentAccuracy:F3}"));

        using var sampling = new Generator((ulong)seed + 11, CPU);
        var labeler = new SimulatedLabeler(HumanPreference.Score, o.LabelNoise, Seeding.NpRandom(seed + 12).Generator);
        var rankings = RankSftSamples(sft, codec, ReviewPrompts.Generate(o.RmPrompts, seed + 4), o.RankSize, labeler, sampling);
        var heldOut = RankSftSamples(sft, codec, ReviewPrompts.Generate(o.RmHeldOutPrompts, seed + 5), o.RankSize, labeler, sampling);
        WriteRankings(run.Rankings, rankings);
        WriteRankings(run.HeldOutRankings, heldOut);
        double agreement = RewardModelTrainer.LabelAgreement(rankings, HumanPreference.Score);
        progress?.Invoke(new RlhfProgress(Name, 2, 3,
            $"labeller: {rankings.Count} prompts x {o.RankSize} SFT samples ranked; {agreement:P1} of the ranked pairs agree with the hidden rule"));

        using var preference = RewardModelTrainer.TrainPreferences(rankings, o.PreferenceTraining with { Seed = seed });
        double pairwise = RewardModelTrainer.PairwiseAccuracy(preference, heldOut, HumanPreference.Score);
        LinearTextScorerFile.Save(preference, run.PreferenceModel);
        var normalization = RewardNormalization.FromScores(
            preference.Score(rankings.SelectMany(r => r.Completions.Select(c => SimulatedLabeler.Join(r.Prompt, c))).ToList()));
        progress?.Invoke(new RlhfProgress(Name, 3, 3, $"preference model: held-out pairwise accuracy vs the noise-free rule {pairwise:F3}"));

        var result = new RewardStageResult(sentimentAccuracy, pairwise, agreement, rankings.Count, normalization.Mean, normalization.Std);
        run.WriteResult(Name, result);
        return result;
    }

    /// <summary>The labeller's rankings a run folder holds (the DPO stage learns from them).</summary>
    public static List<RankedCompletions> ReadRankings(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<List<RankedCompletions>>(File.ReadAllText(path), RlhfRunFolder.Json)
                ?? throw new InvalidDataException($"'{path}' holds no rankings.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a rankings file ({e.Message}); rerun dotgym rlhf rm.", e);
        }
    }

    private static void WriteRankings(string path, List<RankedCompletions> rankings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(rankings, RlhfRunFolder.Json));
    }

    private static List<RankedCompletions> RankSftSamples(Gpt sft, TextCodec codec, IReadOnlyList<ReviewPrompt> prompts, int k,
        SimulatedLabeler labeler, Generator generator)
    {
        var repeated = prompts.SelectMany(p => Enumerable.Repeat(p.Prompt, k)).ToList();
        var (texts, _) = Sampler.Sample(sft, codec, repeated, 64, 1.0, generator);
        return prompts.Select((p, i) => labeler.Rank(p.Prompt, texts.Skip(i * k).Take(k).ToList())).ToList();
    }
}
