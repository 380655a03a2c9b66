using DotGym.Random;

namespace DotGym.Spaces;

/// <summary>
/// Strings of <c>min_length</c> to <c>max_length</c> characters from a character set (Gymnasium's <c>Text</c>).
/// Characters are UTF-16 chars; the charset's order is the sampling order (Gymnasium's <c>character_list</c>).
/// </summary>
public sealed class Text : Space<string>, IEquatable<Text>
{
    /// <summary>
    /// Gymnasium's default charset, alphanumerics. Python iterates that frozenset in a hash-dependent order, so
    /// no order is canonical; this one is sorted.
    /// </summary>
    public const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly string _charList;
    private readonly Dictionary<char, int> _charIndex;
    private readonly double[] _uniformCdf;

    /// <param name="maxLength">Longest string (inclusive).</param>
    /// <param name="minLength">Shortest string (inclusive), default 1.</param>
    /// <param name="charset">Allowed characters, each once; default <see cref="Alphanumeric"/>.</param>
    public Text(int maxLength, int minLength = 1, string? charset = null) : base([])
    {
        if (minLength < 0) throw new ArgumentOutOfRangeException(nameof(minLength), minLength, "Text min_length must be non-negative.");
        if (maxLength < minLength) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"Text max_length must be >= min_length ({minLength}).");
        _charList = charset ?? Alphanumeric;
        if (_charList.Length == 0) throw new ArgumentException("Text needs a non-empty charset.", nameof(charset));
        _charIndex = new Dictionary<char, int>(_charList.Length);
        for (int i = 0; i < _charList.Length; i++)
            if (!_charIndex.TryAdd(_charList[i], i))
                throw new ArgumentException($"The charset repeats '{_charList[i]}'; list each character once (Gymnasium cannot sample such a Text either).", nameof(charset));
        MinLength = minLength;
        MaxLength = maxLength;
        // Gymnasium samples characters with p = ones(k) / k through numpy's choice.
        var uniform = new double[_charList.Length];
        Array.Fill(uniform, 1.0 / _charList.Length);
        _uniformCdf = NpGenerator.ChoiceCdf(uniform);
    }

    public int MinLength { get; }
    public int MaxLength { get; }
    /// <summary>The characters in sampling order (Gymnasium's <c>character_list</c>).</summary>
    public string CharacterList => _charList;
    /// <summary>The characters sorted (Gymnasium's <c>characters</c>).</summary>
    public string Characters => new(_charList.Order().ToArray());
    /// <summary>Index of <paramref name="c"/> in <see cref="CharacterList"/>, used by the flattening.</summary>
    public int CharacterIndex(char c) =>
        _charIndex.TryGetValue(c, out var i) ? i : throw new ArgumentException($"'{c}' is not in the charset of {this}.", nameof(c));

    /// <summary>Flattened to one character index per position, padded with the charset size up to <see cref="MaxLength"/>.</summary>
    public override int FlatDim => MaxLength;

    /// <summary>
    /// <c>length = integers(min_length, max_length + 1)</c>, then <c>choice(character_list, size=length, p=uniform)</c>
    /// (one <c>random()</c> per character).
    /// </summary>
    public override string Sample() => SampleWithCdf(null, _uniformCdf);

    /// <summary>
    /// Gymnasium's masked sample: <paramref name="length"/> fixes the length (else it is drawn), <paramref name="mask"/>
    /// (0/1 per charset character) restricts the characters. With an all-zero mask the result is "" when
    /// min_length is 0 and an error otherwise (the length is still drawn first, as in Gymnasium).
    /// </summary>
    public string Sample(int? length, byte[]? mask)
    {
        ValidateLength(length);
        if (mask is null) return SampleWithCdf(length, _uniformCdf);
        if (mask.Length != _charList.Length) throw new ArgumentException($"The mask has length {mask.Length}; the charset has {_charList.Length} characters.", nameof(mask));
        int count = 0;
        foreach (var m in mask)
        {
            if (m > 1) throw new ArgumentException($"Mask entries must be 0 or 1, got {m}.", nameof(mask));
            count += m;
        }
        var p = new double[mask.Length];
        if (count > 0)
            for (int i = 0; i < p.Length; i++) p[i] = mask[i] / (double)count;
        return SampleWithProbability(length, p, count == 0);
    }

    /// <summary>
    /// Gymnasium's <c>sample(probability=(length, p))</c>: characters drawn with probabilities <paramref name="probability"/>
    /// (one per charset character, each in [0, 1], summing to 1).
    /// </summary>
    public string SampleWithProbability(int? length, double[] probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        ValidateLength(length);
        if (probability.Length != _charList.Length) throw new ArgumentException($"The probability vector has length {probability.Length}; the charset has {_charList.Length} characters.", nameof(probability));
        foreach (var p in probability)
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Probabilities must lie in [0, 1], got {p}.", nameof(probability));
        double sum = NpReductions.Sum<double>(probability);
        if (!(Math.Abs(sum - 1) <= 1e-8 + 1e-5)) throw new ArgumentException($"The probabilities must sum to 1, but they sum to {sum}.", nameof(probability));
        return SampleWithProbability(length, probability, allZero: false);
    }

    private string SampleWithProbability(int? length, double[] p, bool allZero)
    {
        int n = length ?? DrawLength();
        if (allZero)
        {
            if (MinLength == 0) return "";
            throw new InvalidOperationException($"Cannot sample {this} with an all-zero character mask: min_length is {MinLength} but no character is allowed.");
        }
        return SampleWithCdf(n, NpGenerator.ChoiceCdf(p));
    }

    private string SampleWithCdf(int? length, double[] cdf)
    {
        int n = length ?? DrawLength();
        var rng = NpRandom;
        return string.Create(n, (this, rng, cdf), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = state.Item1._charList[state.rng.ChooseFromCdf(state.cdf)];
        });
    }

    private int DrawLength() => (int)NpRandom.Integers(MinLength, (long)MaxLength + 1);

    private void ValidateLength(int? length)
    {
        if (length is { } l && (l < MinLength || l > MaxLength))
            throw new ArgumentOutOfRangeException(nameof(length), l, $"The sample length must be between {MinLength} and {MaxLength}.");
    }

    public override bool Contains(string value)
    {
        if (value is null || value.Length < MinLength || value.Length > MaxLength) return false;
        foreach (var c in value)
            if (!_charIndex.ContainsKey(c)) return false;
        return true;
    }

    /// <summary>Character indices, padded with the charset size (Gymnasium's int32 flattening).</summary>
    public override void Flatten(string value, Span<double> destination)
    {
        EnsureContains(value, "value");
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        destination.Fill(_charList.Length);
        for (int i = 0; i < value.Length; i++) destination[i] = _charIndex[value[i]];
    }

    /// <summary>The characters of the entries below the charset size, in order (padding is dropped).</summary>
    public override string Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var chars = new List<char>(flat.Length);
        foreach (var v in flat)
        {
            if (v < 0 || v != Math.Floor(v)) throw new ArgumentException($"A flattened {this} holds character indices (non-negative integers), got {v}.", nameof(flat));
            if (v < _charList.Length) chars.Add(_charList[(int)v]);
        }
        return new string(chars.ToArray());
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high)
    {
        low.Clear();
        high.Fill(_charList.Length);
    }

    public override string Describe(string value) => value is null ? "null" : $"\"{value}\"";

    protected override string Hint(string value)
    {
        if (value is null) return "Pass a string.";
        if (value.Length < MinLength || value.Length > MaxLength) return $"Its length {value.Length} must be between {MinLength} and {MaxLength}.";
        foreach (var c in value)
            if (!_charIndex.ContainsKey(c)) return $"'{c}' is not in the charset.";
        return "";
    }

    /// <summary>
    /// Structural equality: the same <see cref="MinLength"/>, <see cref="MaxLength"/> and <see cref="CharacterList"/>
    /// in the same order (the order is the sampling order and the flattening's indices). The generator is ignored.
    /// </summary>
    public bool Equals(Text? other) =>
        other is not null && MinLength == other.MinLength && MaxLength == other.MaxLength && string.Equals(_charList, other._charList, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Text other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(typeof(Text), MinLength, MaxLength, string.GetHashCode(_charList, StringComparison.Ordinal));

    public override string ToString() => $"Text({MinLength}, {MaxLength}, charset={Characters})";
}
