namespace DotGym.Text.Tokenization;

/// <summary>The exceptions every tokenizer throws, so the messages read the same.</summary>
internal static class TokenizerErrors
{
    public static ArgumentOutOfRangeException UnknownId(string tokenizer, int id, int vocabSize, int position) =>
        new("ids", id, $"Token id {id} at position {position} is not in the vocabulary of {tokenizer} (ids 0..{vocabSize - 1}).");

    public static ArgumentException UnknownCharacter(string tokenizer, string text, int position, string known) =>
        new($"{tokenizer} cannot encode {Describe(text[position])} at position {position} of \"{Shorten(text)}\": it is not in its alphabet \"{Shorten(known)}\". " +
            "Build the tokenizer from a corpus (or alphabet) that contains every character you will encode.", nameof(text));

    public static ArgumentException EmptyVocabulary(string what, string parameter) =>
        new($"Cannot build a tokenizer with an empty vocabulary: {what}. Give at least one character.", parameter);

    public static ArgumentException Malformed(string path, string why) =>
        new($"'{path}' is not a valid tokenizer file: {why}.", nameof(path));

    public static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";

    public static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
