using System.Text.RegularExpressions;

namespace DotGym.Text.Tokenization;

/// <summary>
/// GPT-2's pre-tokenization: the text is split into words (a leading space stays with the word that follows it),
/// numbers, punctuation runs and whitespace before byte-level BPE runs inside each piece. Shared by
/// <see cref="ByteBpeTokenizer"/> and <see cref="Gpt2Tokenizer.FromFiles"/>, so a DotGym-trained BPE exported in
/// GPT-2's file format encodes identically in Microsoft.ML.Tokenizers.
/// </summary>
public static partial class Gpt2PreTokenizer
{
    /// <summary>GPT-2's pattern (from OpenAI's encoder.py).</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The compiled pattern (source-generated: no runtime code generation, so it is NativeAOT-safe).</summary>
    [GeneratedRegex(Pattern)]
    public static partial Regex Regex();

    /// <summary>The pieces of <paramref name="text"/>; concatenated they give <paramref name="text"/> back.</summary>
    public static IEnumerable<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match m in Regex().Matches(text)) yield return m.Value;
    }
}
