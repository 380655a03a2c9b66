namespace DotGym.Text.Data;

/// <summary>
/// The hidden "human" preference: how much a simulated rater likes a text. Stands in for human labels when ranking
/// samples (reward modelling, RLHF). A policy never sees the rule, only scores or rankings made with it.
/// <para>
/// <see cref="Score"/> = sentiment + fluency. Sentiment is the lexicon valence of the words, each scaled by a
/// preceding intensifier, and by 1.5 after "but" (raters weigh the conclusion). Fluency penalises words outside the
/// lexicon (-1 each), a word repeated right after itself (-0.5) and lengths outside 4..16 words.
/// </para>
/// </summary>
public static class HumanPreference
{
    /// <summary>Penalty per word outside the lexicon.</summary>
    public const double UnknownWordPenalty = 1.0;
    /// <summary>Penalty per immediately repeated word.</summary>
    public const double RepeatPenalty = 0.5;
    /// <summary>Weight of words after "but".</summary>
    public const double ButWeight = 1.5;

    /// <summary>The rater's score of <paramref name="text"/> (higher is preferred).</summary>
    public static double Score(string text) => WeightedValence(text, ButWeight) + Fluency(text);

    /// <summary>Whether the rater prefers <paramref name="a"/> over <paramref name="b"/> (ties go to <paramref name="b"/>).</summary>
    public static bool Prefers(string a, string b) => Score(a) > Score(b);

    /// <summary>The plain lexicon valence (intensifiers applied, no "but" weighting): what labels the corpus.</summary>
    public static double Valence(string text) => WeightedValence(text, 1.0);

    private static double WeightedValence(string text, double butWeight)
    {
        ArgumentNullException.ThrowIfNull(text);
        double sum = 0, factor = 1, weight = 1;
        foreach (var word in Words(text))
        {
            if (word == "but") weight = butWeight;
            sum += weight * factor * (ValenceLexicon.Valence(word) ?? 0);
            factor = ValenceLexicon.IntensifierFactor(word);
        }
        return sum;
    }

    /// <summary>The fluency term of <see cref="Score"/> (0 for a grammatical review of 4 to 16 words).</summary>
    public static double Fluency(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Words(text);
        double penalty = 0;
        for (int i = 0; i < words.Length; i++)
        {
            if (!ValenceLexicon.Contains(words[i])) penalty += UnknownWordPenalty;
            if (i > 0 && words[i] == words[i - 1]) penalty += RepeatPenalty;
        }
        if (words.Length < 4) penalty += 0.5 * (4 - words.Length);
        if (words.Length > 16) penalty += 0.25 * (words.Length - 16);
        return -penalty;
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
