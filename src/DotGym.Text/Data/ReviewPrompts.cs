using DotGym.Random;

namespace DotGym.Text.Data;

/// <summary>A prompt cut from the start of a review and the review's rest (its natural completion).</summary>
/// <param name="Prompt">The first 2 to 8 words, e.g. "the acting was".</param>
/// <param name="Completion">The rest with its leading space, e.g. " wonderful and the plot moved fast": <c>Prompt + Completion</c> is the review.</param>
/// <param name="Label">The label of the whole review.</param>
public sealed record ReviewPrompt(string Prompt, string Completion, Sentiment Label);

/// <summary>Prompts cut from seeded reviews: the first k words, k drawn in 2..8 and always short of the whole review.</summary>
public static class ReviewPrompts
{
    /// <summary>Fewest prompt words.</summary>
    public const int MinWords = 2;
    /// <summary>Most prompt words.</summary>
    public const int MaxWords = 8;

    /// <summary>One prompt per review of <c>ReviewCorpus.Generate(count, seed)</c>, cut at seeded positions.</summary>
    public static IReadOnlyList<ReviewPrompt> Generate(int count, long seed)
    {
        var reviews = ReviewCorpus.Generate(count, seed);
        // A generator of its own (seed + 1 would collide with another corpus seed), derived from the same seed.
        var rng = Seeding.NpRandom(seed).Generator;
        rng.Integers(1 << 30);
        var prompts = new List<ReviewPrompt>(count);
        foreach (var review in reviews) prompts.Add(Cut(review, rng));
        return prompts;
    }

    /// <summary>Cuts <paramref name="review"/> after a random number of words (2..8, leaving at least one word).</summary>
    public static ReviewPrompt Cut(Review review, NpGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(rng);
        var words = review.Text.Split(' ');
        int most = Math.Min(MaxWords, words.Length - 1);
        int k = (int)rng.Integers(MinWords, most + 1);
        string prompt = string.Join(' ', words[..k]);
        return new ReviewPrompt(prompt, review.Text[prompt.Length..], review.Label);
    }
}
