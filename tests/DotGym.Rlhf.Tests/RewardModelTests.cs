using DotGym.Random;
using DotGym.Rlhf.RewardModels;
using DotGym.Text.Data;
using Xunit.Abstractions;

namespace DotGym.Rlhf.Tests;

/// <summary>The reward models on generated reviews: the thresholds (sentiment ≥ 0.90, pairwise ≥ 0.85 against the noise-free rule).</summary>
public class RewardModelTests(ITestOutputHelper output)
{
    [Fact]
    public void SentimentClassifierSeparatesHeldOutReviews()
    {
        var train = ReviewCorpus.Generate(2000, seed: 1);
        var heldOut = ReviewCorpus.Generate(500, seed: 2);
        using var model = RewardModelTrainer.TrainSentiment(train);
        double accuracy = RewardModelTrainer.SentimentAccuracy(model, heldOut);
        output.WriteLine($"sentiment accuracy {accuracy:F3}");
        Assert.True(accuracy >= 0.90, $"held-out sentiment accuracy {accuracy:F3} < 0.90");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PreferenceModelLearnsTheHiddenRuleFromNoisyRankings(long seed)
    {
        var rng = Seeding.NpRandom(seed).Generator;
        var labeler = new SimulatedLabeler(HumanPreference.Score, noiseStd: 1.5, rng);
        var train = Rankings(600, seed * 10, labeler);
        var heldOut = Rankings(200, seed * 10 + 1, labeler);
        using var model = RewardModelTrainer.TrainPreferences(train, new RewardTrainingOptions { Seed = seed });
        double accuracy = RewardModelTrainer.PairwiseAccuracy(model, heldOut, HumanPreference.Score);
        double agreement = NoisyAgreement(heldOut);
        output.WriteLine($"seed {seed}: pairwise accuracy vs the noise-free rule {accuracy:F3} (labels agree with the rule on {agreement:F3} of pairs)");
        Assert.True(accuracy >= 0.85, $"held-out pairwise accuracy {accuracy:F3} < 0.85");
    }

    [Fact]
    public void RankingsGiveKChooseTwoPairs()
    {
        var ranking = new RankedCompletions("p", ["a", "b", "c", "d"]);
        Assert.Equal(6, ranking.Pairs().Count());
        Assert.Equal(("a", "d"), ranking.Pairs().ElementAt(2));
    }

    [Fact]
    public void NormalisationGivesMeanZeroStdOne()
    {
        var norm = RewardNormalization.FromScores([1.0, 2.0, 3.0]);
        Assert.Equal(0, norm.Normalize(2.0), 12);
        Assert.Equal(1, norm.Normalize(3.0), 12);
        Assert.Throws<ArgumentException>(() => RewardNormalization.FromScores([1.0]));
    }

    /// <summary>K = 4 continuations of one prompt: review endings from the corpus, as stand-ins for SFT samples.</summary>
    internal static List<RankedCompletions> Rankings(int prompts, long seed, SimulatedLabeler labeler)
    {
        var reviews = ReviewCorpus.Generate(prompts * 5, seed);
        var result = new List<RankedCompletions>(prompts);
        for (int p = 0; p < prompts; p++)
        {
            var words = reviews[p * 5].Text.Split(' ');
            string prompt = string.Join(' ', words.Take(3));
            var completions = Enumerable.Range(1, 4).Select(k => string.Join(' ', reviews[p * 5 + k].Text.Split(' ').Skip(3))).ToList();
            result.Add(labeler.Rank(prompt, completions));
        }
        return result;
    }

    private static double NoisyAgreement(IReadOnlyList<RankedCompletions> rankings) =>
        rankings.SelectMany(r => r.Pairs().Select(p => HumanPreference.Score(SimulatedLabeler.Join(r.Prompt, p.Chosen)) >= HumanPreference.Score(SimulatedLabeler.Join(r.Prompt, p.Rejected)) ? 1.0 : 0.0)).Average();
}
