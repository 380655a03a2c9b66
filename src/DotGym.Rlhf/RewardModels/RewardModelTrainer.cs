using DotGym.Rlhf.Training;
using DotGym.Rlhf.Objectives;
using DotGym.Text.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.RewardModels;

/// <summary>How a linear reward model is fitted (full-batch Adam on hashed n-gram features).</summary>
public sealed record RewardTrainingOptions
{
    public int Epochs { get; init; } = 200;
    public double LearningRate { get; init; } = 0.05;
    /// <summary>L2 penalty on the weights, against memorising hash buckets of rare words.</summary>
    public double WeightDecay { get; init; } = 1e-4;
    public long Seed { get; init; } = 1;
    public int Dimensions { get; init; } = 8192;
}

/// <summary>
/// The two reward models of the RLHF pipeline: (a) a sentiment classifier on labelled reviews whose positive logit is
/// the reward (the IMDB classifier of TRL's best-known example); (b) a preference model fitted to K-wise rankings with
/// the pairwise loss <c>−log σ(r_chosen − r_rejected)</c> (InstructGPT).
/// </summary>
public static class RewardModelTrainer
{
    /// <summary>Logistic regression on the reviews' labels (positive = 1).</summary>
    public static LinearTextScorer TrainSentiment(IReadOnlyList<Review> reviews, RewardTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        if (reviews.Count == 0) throw new ArgumentException("The sentiment classifier needs labelled reviews.", nameof(reviews));
        options ??= new RewardTrainingOptions();
        var model = new LinearTextScorer(new HashedNgramFeatures(options.Dimensions), options.Seed);
        using var scope = NewDisposeScope();
        var x = model.Features.Encode(reviews.Select(r => r.Text).ToList());
        var y = tensor(reviews.Select(r => r.Label == Sentiment.Positive ? 1f : 0f).ToArray());
        Fit(model, options, () => nn.functional.binary_cross_entropy_with_logits(model.forward(x), y));
        return model;
    }

    /// <summary>The share of <paramref name="reviews"/> whose sign of the positive logit matches the label.</summary>
    public static double SentimentAccuracy(LinearTextScorer model, IReadOnlyList<Review> reviews)
    {
        var scores = model.Score(reviews.Select(r => r.Text).ToList());
        return reviews.Select((r, i) => (scores[i] > 0) == (r.Label == Sentiment.Positive) ? 1.0 : 0.0).Average();
    }

    /// <summary>The pairwise loss over every pair each ranking implies, on prompt + completion texts.</summary>
    public static LinearTextScorer TrainPreferences(IReadOnlyList<RankedCompletions> rankings, RewardTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        options ??= new RewardTrainingOptions();
        var pairs = rankings.SelectMany(r => r.Pairs().Select(p => (SimulatedLabeler.Join(r.Prompt, p.Chosen), SimulatedLabeler.Join(r.Prompt, p.Rejected)))).ToList();
        if (pairs.Count == 0) throw new ArgumentException("The preference model needs rankings of at least two completions.", nameof(rankings));
        var model = new LinearTextScorer(new HashedNgramFeatures(options.Dimensions), options.Seed);
        using var scope = NewDisposeScope();
        var chosen = model.Features.Encode(pairs.Select(p => p.Item1).ToList());
        var rejected = model.Features.Encode(pairs.Select(p => p.Item2).ToList());
        Fit(model, options, () => PreferenceLosses.Pairwise(model.forward(chosen), model.forward(rejected)));
        return model;
    }

    /// <summary>The share of pairs (by the noise-free <paramref name="gold"/> rule, ties left out) the model orders the same way.</summary>
    public static double PairwiseAccuracy(LinearTextScorer model, IReadOnlyList<RankedCompletions> rankings, Func<string, double> gold)
    {
        var chosen = new List<double>();
        var rejected = new List<double>();
        foreach (var ranking in rankings)
        {
            var texts = ranking.Completions.Select(c => SimulatedLabeler.Join(ranking.Prompt, c)).ToList();
            var scores = model.Score(texts);
            var truth = texts.Select(gold).ToArray();
            for (int i = 0; i < texts.Count; i++)
                for (int j = i + 1; j < texts.Count; j++)
                {
                    if (truth[i] == truth[j]) continue;
                    bool iBetter = truth[i] > truth[j];
                    chosen.Add(iBetter ? scores[i] : scores[j]);
                    rejected.Add(iBetter ? scores[j] : scores[i]);
                }
        }
        return PreferenceLosses.PairwiseAccuracy(chosen.ToArray(), rejected.ToArray());
    }

    /// <summary>The share of the ranked (better, worse) pairs the noise-free <paramref name="gold"/> rule orders the same way (ties left out).</summary>
    public static double LabelAgreement(IReadOnlyList<RankedCompletions> rankings, Func<string, double> gold)
    {
        int agree = 0, total = 0;
        foreach (var ranking in rankings)
            foreach (var (chosen, rejected) in ranking.Pairs())
            {
                double better = gold(SimulatedLabeler.Join(ranking.Prompt, chosen)), worse = gold(SimulatedLabeler.Join(ranking.Prompt, rejected));
                if (better == worse) continue;
                total++;
                if (better > worse) agree++;
            }
        return total == 0 ? double.NaN : (double)agree / total;
    }

    private static void Fit(LinearTextScorer model, RewardTrainingOptions options, Func<Tensor> loss)
    {
        using var optimizer = new ScalarSafeAdam(model.parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var step = NewDisposeScope();
            optimizer.ZeroGrad();
            var value = loss();
            if (float.IsNaN(value.item<float>())) throw new InvalidOperationException($"The reward model's loss became NaN at epoch {epoch}; lower the learning rate.");
            value.backward();
            optimizer.Step();
        }
    }
}

/// <summary>Scales raw reward-model scores to mean 0, std 1 on a reference set (the SFT policy's samples).</summary>
public sealed record RewardNormalization(double Mean, double Std)
{
    public static RewardNormalization FromScores(IReadOnlyCollection<double> scores)
    {
        if (scores.Count < 2) throw new ArgumentException("Normalising rewards needs at least two reference scores.", nameof(scores));
        double mean = scores.Average();
        double std = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1));
        return new RewardNormalization(mean, std > 1e-8 ? std : 1);
    }

    public double Normalize(double score) => (score - Mean) / Std;
}
