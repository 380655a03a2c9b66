using System.Text;
using DotGym.Random;

namespace DotGym.Text.Data;

/// <summary>
/// Seeded movie reviews of 5 to 15 words from a small grammar over <see cref="ValenceLexicon"/>: one to three clauses
/// ("the acting was very wonderful", "the plot moved fast", "i hated the ending") joined by "and"/"but", each clause
/// mostly in the review's intended sentiment. The label is the sign of the lexicon valence, so it is always consistent
/// with the words. The same seed gives the same reviews.
/// </summary>
public static class ReviewCorpus
{
    /// <summary>Fewest words in a review.</summary>
    public const int MinWords = 5;
    /// <summary>Most words in a review.</summary>
    public const int MaxWords = 15;

    /// <summary><paramref name="count"/> reviews drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<Review> Generate(int count, long seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be non-negative.");
        var rng = Seeding.NpRandom(seed).Generator;
        var reviews = new List<Review>(count);
        while (reviews.Count < count)
            if (TryReview(rng, out var review)) reviews.Add(review);
        return reviews;
    }

    private static bool TryReview(NpGenerator rng, out Review review)
    {
        bool positive = rng.Random() < 0.5;
        int clauses = 1 + (int)rng.Integers(3);
        var text = new StringBuilder();
        for (int c = 0; c < clauses; c++)
        {
            if (c > 0) text.Append(rng.Random() < 0.6 ? " and " : " but ");
            // Mostly on-sentiment clauses; the rest make mixed reviews whose label the valence sum decides.
            Clause(rng, text, rng.Random() < 0.8 ? positive : !positive);
        }
        var s = text.ToString();
        int words = s.Split(' ').Length;
        double valence = HumanPreference.Valence(s);
        review = new Review(s, valence > 0 ? Sentiment.Positive : Sentiment.Negative);
        return words is >= MinWords and <= MaxWords && valence != 0;
    }

    private static void Clause(NpGenerator rng, StringBuilder text, bool positive)
    {
        string aspect = rng.Choice(ValenceLexicon.Aspects);
        switch (rng.Integers(3))
        {
            case 0:
                text.Append("the ").Append(aspect).Append(" was ");
                if (rng.Random() < 0.4) text.Append(rng.Choice(ValenceLexicon.Intensifiers).Word).Append(' ');
                text.Append(rng.Choice(positive ? ValenceLexicon.PositiveAdjectives : ValenceLexicon.NegativeAdjectives).Word);
                break;
            case 1:
                text.Append("the ").Append(aspect).Append(" moved ")
                    .Append(rng.Choice(positive ? ValenceLexicon.PositivePaces : ValenceLexicon.NegativePaces).Word);
                break;
            default:
                text.Append("i ").Append(rng.Choice(positive ? ValenceLexicon.PositiveFeelings : ValenceLexicon.NegativeFeelings).Word)
                    .Append(" the ").Append(aspect);
                break;
        }
    }
}
