namespace DotGym.Text.Tokenization;

/// <summary>The names of the special tokens of DotGym's own tokenizers (<see cref="CharTokenizer"/>, <see cref="ByteBpeTokenizer"/>).</summary>
public static class SpecialTokens
{
    /// <summary>Padding.</summary>
    public const string Pad = "<pad>";
    /// <summary>Begin of sequence.</summary>
    public const string Bos = "<bos>";
    /// <summary>End of sequence.</summary>
    public const string Eos = "<eos>";

    /// <summary>The special tokens in id order (where a tokenizer numbers them consecutively).</summary>
    public static IReadOnlyList<string> All { get; } = [Pad, Bos, Eos];

    /// <summary>Whether <paramref name="id"/> is one of <paramref name="tokenizer"/>'s special ids.</summary>
    public static bool IsSpecial(ITokenizer tokenizer, int id) =>
        id == tokenizer.PadId || id == tokenizer.BosId || id == tokenizer.EosId;
}
