namespace DotGym.Text.Tokenization;

/// <summary>
/// Turns text into token ids and back: what the text envs and a language-model policy share.
/// <para>
/// Ids run from 0 to <see cref="VocabSize"/> - 1. <see cref="Encode"/> never emits the special tokens
/// (<see cref="BosId"/>, <see cref="EosId"/>, <see cref="PadId"/>) for ordinary text; <see cref="Decode"/> skips them,
/// so <c>Decode(Encode(s)) == s</c> for every text the tokenizer can encode.
/// </para>
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids, special tokens included.</summary>
    int VocabSize { get; }

    /// <summary>Begin-of-sequence id, put in front of a prompt.</summary>
    int BosId { get; }

    /// <summary>End-of-sequence id: a generated sequence ends when it is emitted.</summary>
    int EosId { get; }

    /// <summary>Padding id, filling unused positions of a fixed-length buffer.</summary>
    int PadId { get; }

    /// <summary>
    /// A stable, short description (kind, vocabulary size and a content hash) that a checkpoint stores to make sure
    /// it is reloaded with the same tokenizer: equal descriptions mean equal id assignments.
    /// </summary>
    string Description { get; }

    /// <summary>The ids of <paramref name="text"/>; throws <see cref="ArgumentException"/> naming any character it cannot encode.</summary>
    int[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/>, special tokens skipped; throws <see cref="ArgumentOutOfRangeException"/> for an id outside the vocabulary.</summary>
    string Decode(ReadOnlySpan<int> ids);
}
