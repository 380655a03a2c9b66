using System.Text;
using System.Text.Json;

namespace DotGym.Text.Tokenization;

/// <summary>
/// One token per character: the default tokenizer for small models. Ids 0, 1, 2 are <see cref="SpecialTokens.Pad"/>,
/// <see cref="SpecialTokens.Bos"/> and <see cref="SpecialTokens.Eos"/>; the alphabet's characters follow, in
/// <see cref="Alphabet"/> order. Saves to (and loads from) a small JSON file.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    private const string FileType = "dotgym.char_tokenizer";
    private const int FileVersion = 1;
    private const int FirstCharId = 3;

    private readonly Dictionary<char, int> _ids;

    /// <summary>A tokenizer for exactly the characters of <paramref name="alphabet"/>, in that order (each once).</summary>
    public CharTokenizer(string alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (alphabet.Length == 0) throw TokenizerErrors.EmptyVocabulary("the alphabet is empty", nameof(alphabet));
        _ids = new Dictionary<char, int>(alphabet.Length);
        for (int i = 0; i < alphabet.Length; i++)
            if (!_ids.TryAdd(alphabet[i], FirstCharId + i))
                throw new ArgumentException($"The alphabet repeats {TokenizerErrors.Describe(alphabet[i])} (at {i}); list each character once.", nameof(alphabet));
        Alphabet = alphabet;
        Description = $"char(vocab={VocabSize}, sha={TokenizerFile.Fingerprint(ToJson())})";
    }

    /// <summary>A tokenizer for every distinct character of <paramref name="corpus"/>, sorted by code point (so the same corpus gives the same ids in any order).</summary>
    public static CharTokenizer FromCorpus(IEnumerable<string> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var chars = new SortedSet<char>();
        foreach (var text in corpus)
            foreach (var c in text ?? throw new ArgumentException("The corpus contains a null text.", nameof(corpus)))
                chars.Add(c);
        if (chars.Count == 0) throw TokenizerErrors.EmptyVocabulary("the corpus has no characters", nameof(corpus));
        return new CharTokenizer(new string(chars.ToArray()));
    }

    /// <summary>The characters, in id order (the first has id 3).</summary>
    public string Alphabet { get; }

    public int VocabSize => FirstCharId + Alphabet.Length;
    public int PadId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public string Description { get; }

    /// <summary>Whether every character of <paramref name="text"/> is in the alphabet.</summary>
    public bool CanEncode(string text) => text.All(_ids.ContainsKey);

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
            ids[i] = _ids.TryGetValue(text[i], out var id) ? id : throw TokenizerErrors.UnknownCharacter(nameof(CharTokenizer), text, i, Alphabet);
        return ids;
    }

    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)VocabSize) throw TokenizerErrors.UnknownId(nameof(CharTokenizer), id, VocabSize, i);
            if (id >= FirstCharId) text.Append(Alphabet[id - FirstCharId]);
        }
        return text.ToString();
    }

    /// <summary>Writes the tokenizer to <paramref name="path"/> as JSON (through a temporary file, so a crash never leaves half a file).</summary>
    public void Save(string path) => TokenizerFile.WriteAtomically(path, ToJson());

    /// <summary>Reads a tokenizer written by <see cref="Save"/>.</summary>
    public static CharTokenizer Load(string path)
    {
        using var doc = TokenizerFile.Open(path, FileType, FileVersion);
        return new CharTokenizer(TokenizerFile.String(doc.RootElement, "alphabet", path));
    }

    private byte[] ToJson() => TokenizerFile.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", FileType);
        w.WriteNumber("version", FileVersion);
        w.WriteStartArray("special_tokens");
        foreach (var s in SpecialTokens.All) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteString("alphabet", Alphabet);
        w.WriteEndObject();
    });

    public override string ToString() => Description;
}
