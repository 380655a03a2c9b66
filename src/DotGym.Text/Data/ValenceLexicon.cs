namespace DotGym.Text.Data;

/// <summary>
/// The sentiment lexicon written for DotGym's review corpus: every word the review grammar uses, with a valence
/// (positive words &gt; 0, negative &lt; 0, neutral 0), and intensifiers that scale the word after them.
/// </summary>
public static class ValenceLexicon
{
    /// <summary>Aspects of a film a review talks about (neutral).</summary>
    public static IReadOnlyList<string> Aspects { get; } =
        ["acting", "plot", "film", "story", "music", "ending", "cast", "script", "pacing", "dialogue", "soundtrack", "camera"];

    /// <summary>Positive adjectives and their valence.</summary>
    public static IReadOnlyList<(string Word, double Valence)> PositiveAdjectives { get; } =
    [
        ("wonderful", 3.0), ("brilliant", 2.8), ("great", 2.5), ("superb", 3.0), ("delightful", 2.7), ("charming", 2.2),
        ("clever", 2.0), ("gripping", 2.4), ("beautiful", 2.6), ("good", 1.5), ("fun", 1.6), ("solid", 1.2),
    ];

    /// <summary>Negative adjectives and their valence.</summary>
    public static IReadOnlyList<(string Word, double Valence)> NegativeAdjectives { get; } =
    [
        ("awful", -3.0), ("terrible", -2.9), ("dreadful", -2.8), ("boring", -2.4), ("tedious", -2.3), ("dull", -2.0),
        ("clumsy", -1.9), ("weak", -1.6), ("bad", -1.8), ("messy", -1.4), ("predictable", -1.3), ("flat", -1.2),
    ];

    /// <summary>Verbs of opinion ("i loved the music"), positive then negative.</summary>
    public static IReadOnlyList<(string Word, double Valence)> PositiveFeelings { get; } =
        [("loved", 2.5), ("enjoyed", 2.0), ("liked", 1.4), ("admired", 1.8)];

    /// <summary>Negative verbs of opinion.</summary>
    public static IReadOnlyList<(string Word, double Valence)> NegativeFeelings { get; } =
        [("hated", -2.6), ("disliked", -1.5), ("regretted", -2.0), ("endured", -1.2)];

    /// <summary>Manners of moving ("the plot moved fast"), positive.</summary>
    public static IReadOnlyList<(string Word, double Valence)> PositivePaces { get; } =
        [("fast", 1.2), ("briskly", 1.3), ("smoothly", 1.4)];

    /// <summary>Manners of moving, negative.</summary>
    public static IReadOnlyList<(string Word, double Valence)> NegativePaces { get; } =
        [("slowly", -1.2), ("sluggishly", -1.5), ("nowhere", -1.6)];

    /// <summary>Intensifiers and the factor they apply to the valence of the next word.</summary>
    public static IReadOnlyList<(string Word, double Factor)> Intensifiers { get; } =
        [("very", 1.5), ("really", 1.4), ("truly", 1.6), ("quite", 1.2), ("rather", 1.1)];

    /// <summary>Function words of the grammar (neutral).</summary>
    public static IReadOnlyList<string> FunctionWords { get; } = ["the", "was", "and", "but", "i", "moved"];

    private static readonly Dictionary<string, double> ValenceByWord = BuildValences();
    private static readonly Dictionary<string, double> FactorByWord = Intensifiers.ToDictionary(x => x.Word, x => x.Factor, StringComparer.Ordinal);

    private static Dictionary<string, double> BuildValences()
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in Aspects.Concat(FunctionWords)) d[w] = 0;
        foreach (var (w, _) in Intensifiers) d[w] = 0;
        foreach (var (w, v) in PositiveAdjectives.Concat(NegativeAdjectives).Concat(PositiveFeelings).Concat(NegativeFeelings)
                     .Concat(PositivePaces).Concat(NegativePaces))
            d[w] = v;
        return d;
    }

    /// <summary>Every word of the lexicon, sorted.</summary>
    public static IReadOnlyList<string> Words { get; } = ValenceByWord.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The characters the grammar writes: lower-case letters and the space.</summary>
    public const string Alphabet = " abcdefghijklmnopqrstuvwxyz";

    /// <summary>Whether <paramref name="word"/> is in the lexicon.</summary>
    public static bool Contains(string word) => ValenceByWord.ContainsKey(word);

    /// <summary>The valence of <paramref name="word"/> (0 for neutral words), or null when it is not in the lexicon.</summary>
    public static double? Valence(string word) => ValenceByWord.TryGetValue(word, out var v) ? v : null;

    /// <summary>The factor <paramref name="word"/> applies to the next word (1 unless it is an intensifier).</summary>
    public static double IntensifierFactor(string word) => FactorByWord.GetValueOrDefault(word, 1.0);
}
