using System.Text;
using System.Text.Json;

namespace DotGym.Text.Tokenization;

/// <summary>
/// A byte-level BPE tokenizer (GPT-2 style) trained by <see cref="BpeTrainer"/>. Ids 0..255 are the bytes, then
/// one id per merge in rank order, then <see cref="PadId"/>, <see cref="BosId"/> and <see cref="EosId"/>. Because
/// every byte has an id, it encodes any well-formed string and <c>Decode(Encode(s)) == s</c>.
/// </summary>
public sealed class ByteBpeTokenizer : ITokenizer
{
    private const string FileType = "dotgym.byte_bpe_tokenizer";
    private const int FileVersion = 1;
    private const int ByteCount = 256;

    private readonly (int Left, int Right)[] _merges;
    private readonly Dictionary<(int, int), int> _rank;
    private readonly byte[][] _bytes;

    /// <summary>A tokenizer applying <paramref name="merges"/> (pairs of existing ids, in rank order; merge <c>r</c> makes id <c>256 + r</c>).</summary>
    public ByteBpeTokenizer(IReadOnlyList<(int Left, int Right)> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        _merges = merges.ToArray();
        _rank = new Dictionary<(int, int), int>(_merges.Length);
        _bytes = new byte[ByteCount + _merges.Length][];
        for (int b = 0; b < ByteCount; b++) _bytes[b] = [(byte)b];
        for (int r = 0; r < _merges.Length; r++)
        {
            var (left, right) = _merges[r];
            int next = ByteCount + r;
            if ((uint)left >= (uint)next || (uint)right >= (uint)next)
                throw new ArgumentException($"Merge {r} ({left}, {right}) uses an id that does not exist yet (ids 0..{next - 1}).", nameof(merges));
            if (!_rank.TryAdd((left, right), r))
                throw new ArgumentException($"Merge {r} ({left}, {right}) repeats an earlier merge.", nameof(merges));
            _bytes[next] = [.. _bytes[left], .. _bytes[right]];
        }
        Description = $"byte-bpe(vocab={VocabSize}, sha={TokenizerFile.Fingerprint(ToJson())})";
    }

    /// <summary>The merges in rank order.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;

    public int VocabSize => ByteCount + _merges.Length + 3;
    public int PadId => ByteCount + _merges.Length;
    public int BosId => PadId + 1;
    public int EosId => PadId + 2;
    public string Description { get; }

    /// <summary>The bytes token <paramref name="id"/> stands for (empty for the special tokens).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_bytes.Length ? _bytes[id]
        : (uint)id < (uint)VocabSize ? ReadOnlySpan<byte>.Empty
        : throw TokenizerErrors.UnknownId(nameof(ByteBpeTokenizer), id, VocabSize, 0);

    /// <summary>
    /// The ids of <paramref name="text"/>: GPT-2 pre-tokenization, then in each piece the lowest-ranked adjacent pair is
    /// merged (every occurrence, left to right) until no merge applies. Throws for ill-formed UTF-16 (a lone surrogate).
    /// </summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length);
        var word = new List<int>();
        foreach (var piece in Gpt2PreTokenizer.Split(text))
        {
            word.Clear();
            foreach (var b in Utf8Of(piece, text)) word.Add(b);
            MergeWord(word);
            ids.AddRange(word);
        }
        return ids.ToArray();
    }

    private void MergeWord(List<int> word)
    {
        while (word.Count > 1)
        {
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < word.Count; i++)
                if (_rank.TryGetValue((word[i], word[i + 1]), out var r) && r < bestRank) bestRank = r;
            if (bestRank == int.MaxValue) return;
            ApplyMerge(word, _merges[bestRank], ByteCount + bestRank);
        }
    }

    /// <summary>Replaces every non-overlapping occurrence of <paramref name="pair"/>, left to right, with <paramref name="merged"/>.</summary>
    internal static void ApplyMerge(List<int> word, (int Left, int Right) pair, int merged)
    {
        int write = 0;
        for (int read = 0; read < word.Count; read++)
        {
            if (read + 1 < word.Count && word[read] == pair.Left && word[read + 1] == pair.Right)
            {
                word[write++] = merged;
                read++;
            }
            else word[write++] = word[read];
        }
        word.RemoveRange(write, word.Count - write);
    }

    internal static byte[] Utf8Of(string piece, string text)
    {
        try { return TokenizerFile.StrictUtf8.GetBytes(piece); }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{nameof(ByteBpeTokenizer)} cannot encode \"{TokenizerErrors.Shorten(text)}\": it is not well-formed UTF-16 (a lone surrogate at index {e.Index} of piece \"{piece}\").", nameof(text), e);
        }
    }

    /// <summary>The text of <paramref name="ids"/> (special tokens skipped); byte sequences that are not valid UTF-8 decode to U+FFFD, so any id sequence decodes.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var bytes = new List<byte>(ids.Length * 2);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)VocabSize) throw TokenizerErrors.UnknownId(nameof(ByteBpeTokenizer), id, VocabSize, i);
            if (id < _bytes.Length) bytes.AddRange(_bytes[id]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Writes the merges to <paramref name="path"/> as JSON (through a temporary file).</summary>
    public void Save(string path) => TokenizerFile.WriteAtomically(path, ToJson());

    /// <summary>Reads a tokenizer written by <see cref="Save"/>.</summary>
    public static ByteBpeTokenizer Load(string path)
    {
        using var doc = TokenizerFile.Open(path, FileType, FileVersion);
        if (!doc.RootElement.TryGetProperty("merges", out var merges) || merges.ValueKind != JsonValueKind.Array)
            throw TokenizerErrors.Malformed(path, "it has no \"merges\" array");
        var pairs = new List<(int, int)>();
        foreach (var m in merges.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Array || m.GetArrayLength() != 2)
                throw TokenizerErrors.Malformed(path, $"merge {pairs.Count} is not a pair of ids");
            pairs.Add((m[0].GetInt32(), m[1].GetInt32()));
        }
        return new ByteBpeTokenizer(pairs);
    }

    /// <summary>
    /// Writes the tokenizer in GPT-2's format (<c>vocab.json</c>: token → id with bytes shown through GPT-2's
    /// byte-to-unicode map; <c>merges.txt</c>: one "left right" pair per line in rank order), with the special tokens
    /// under their <see cref="SpecialTokens"/> names. <see cref="Gpt2Tokenizer.FromFiles"/> reads it back.
    /// </summary>
    public void ExportGpt2Files(string vocabPath, string mergesPath)
    {
        var vocab = TokenizerFile.ToJson(w =>
        {
            w.WriteStartObject();
            for (int id = 0; id < _bytes.Length; id++) w.WriteNumber(Gpt2ByteMap.ToUnicode(_bytes[id]), id);
            w.WriteNumber(SpecialTokens.Pad, PadId);
            w.WriteNumber(SpecialTokens.Bos, BosId);
            w.WriteNumber(SpecialTokens.Eos, EosId);
            w.WriteEndObject();
        });
        var merges = new StringBuilder("#version: 0.2\n");
        foreach (var (left, right) in _merges)
            merges.Append(Gpt2ByteMap.ToUnicode(_bytes[left])).Append(' ').Append(Gpt2ByteMap.ToUnicode(_bytes[right])).Append('\n');
        TokenizerFile.WriteAtomically(vocabPath, vocab);
        TokenizerFile.WriteAtomically(mergesPath, TokenizerFile.StrictUtf8.GetBytes(merges.ToString()));
    }

    private byte[] ToJson() => TokenizerFile.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", FileType);
        w.WriteNumber("version", FileVersion);
        w.WriteStartArray("special_tokens");
        foreach (var s in SpecialTokens.All) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteStartArray("merges");
        foreach (var (left, right) in _merges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(left);
            w.WriteNumberValue(right);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public override string ToString() => Description;
}
