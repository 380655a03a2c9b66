using DotGym.Random;

namespace DotGym.Rlhf.RewardModels;

/// <summary>K completions of one prompt, best first (a labeller's ranking). K = 4 gives 6 ordered pairs.</summary>
public sealed record RankedCompletions(string Prompt, IReadOnlyList<string> Completions)
{
    /// <summary>Every (better, worse) pair the ranking implies: K(K−1)/2 of them.</summary>
    public IEnumerable<(string Chosen, string Rejected)> Pairs()
    {
        for (int i = 0; i < Completions.Count; i++)
            for (int j = i + 1; j < Completions.Count; j++)
                yield return (Completions[i], Completions[j]);
    }
}

/// <summary>
/// Stands in for the people who rank samples in InstructGPT: orders K completions by a hidden "gold" score of
/// prompt + completion plus Gaussian noise, so some pairs are ranked against the rule, as real labellers disagree.
/// </summary>
public sealed class SimulatedLabeler(Func<string, double> gold, double noiseStd, NpGenerator rng)
{
    public RankedCompletions Rank(string prompt, IReadOnlyList<string> completions)
    {
        if (completions.Count < 2) throw new ArgumentException("A ranking needs at least two completions.", nameof(completions));
        var noisy = completions.Select(c => (Text: c, Score: gold(Join(prompt, c)) + noiseStd * rng.StandardNormal())).ToList();
        return new RankedCompletions(prompt, noisy.OrderByDescending(x => x.Score).Select(x => x.Text).ToList());
    }

    /// <summary>The text the reward models and the gold rule see: prompt and completion joined by a space.</summary>
    public static string Join(string prompt, string completion) =>
        completion.Length == 0 ? prompt : prompt.Length == 0 ? completion : prompt + " " + completion;
}
