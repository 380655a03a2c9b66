using System.Numerics;

namespace DotGym.Spaces;

/// <summary>
/// A dictionary of named spaces (Gymnasium's <c>Dict</c>); elements are <c>IReadOnlyDictionary&lt;string, object&gt;</c>
/// with exactly the space's keys. Keys keep an order, used for sampling, seeding and flattening: built from a
/// dictionary the keys are sorted (ordinally, as Gymnasium sorts a dict's keys), built from a sequence of pairs
/// they keep the given order (as Gymnasium's list of pairs or keyword arguments).
/// </summary>
public sealed class DictSpace : Space<IReadOnlyDictionary<string, object>>, IEquatable<DictSpace>
{
    private readonly string[] _keys;
    private readonly Space[] _spaces;
    private readonly Dictionary<string, int> _index;

    /// <summary>Keys sorted ordinally, as Gymnasium does for a dict argument.</summary>
    public DictSpace(IReadOnlyDictionary<string, Space> spaces)
        : this(SortedPairs(spaces)) { }

    /// <summary>Keys in the given order.</summary>
    public DictSpace(params (string Key, Space Space)[] spaces)
        : this((spaces ?? throw new ArgumentNullException(nameof(spaces))).Select(p => new KeyValuePair<string, Space>(p.Key, p.Space))) { }

    /// <summary>Keys in the given order.</summary>
    public DictSpace(IEnumerable<KeyValuePair<string, Space>> spaces) : base([])
    {
        ArgumentNullException.ThrowIfNull(spaces);
        var pairs = spaces.ToArray();
        _keys = new string[pairs.Length];
        _spaces = new Space[pairs.Length];
        _index = new Dictionary<string, int>(pairs.Length, StringComparer.Ordinal);
        for (int i = 0; i < pairs.Length; i++)
        {
            var (key, space) = (pairs[i].Key, pairs[i].Value);
            if (key is null) throw new ArgumentException($"Key {i} is null; DictSpace keys must be strings.", nameof(spaces));
            if (space is null) throw new ArgumentException($"The space for key '{key}' is null.", nameof(spaces));
            if (!_index.TryAdd(key, i)) throw new ArgumentException($"The key '{key}' appears twice; DictSpace keys must be unique.", nameof(spaces));
            _keys[i] = key;
            _spaces[i] = space;
        }
        FlatDim = _spaces.Sum(s => s.FlatDim);
    }

    private static IEnumerable<KeyValuePair<string, Space>> SortedPairs(IReadOnlyDictionary<string, Space> spaces)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        return spaces.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The keys, in the space's order.</summary>
    public IReadOnlyList<string> Keys => _keys;
    /// <summary>The subspaces, in key order.</summary>
    public IReadOnlyList<Space> Spaces => _spaces;
    public int Count => _keys.Length;
    public Space this[string key] =>
        _index.TryGetValue(key, out var i) ? _spaces[i] : throw new KeyNotFoundException($"{this} has no key '{key}'. Keys: {string.Join(", ", _keys)}.");
    public override int FlatDim { get; }
    public override bool IsFlattenable => _spaces.All(s => s.IsFlattenable);

    /// <summary>
    /// Gymnasium's <c>Dict.seed</c>: an integer seeds this space's generator, which draws one seed per subspace in
    /// key order; null seeds every subspace from OS entropy. Returns the subspaces' seeds (nested ones flattened).
    /// </summary>
    public override IReadOnlyList<BigInteger> Seed(long? seed = null) =>
        CompositeSeeding.Seed(this, _spaces, seed, s => base.Seed(s));

    /// <summary>Seeds each subspace with its own seed (Gymnasium's dict-of-seeds form; needs every key).</summary>
    public IReadOnlyList<BigInteger> Seed(IReadOnlyDictionary<string, long?> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count != _keys.Length || !_keys.All(seeds.ContainsKey))
            throw new ArgumentException($"The seed keys ({string.Join(", ", seeds.Keys)}) must be exactly the space's keys ({string.Join(", ", _keys)}).", nameof(seeds));
        var used = new List<BigInteger>();
        for (int i = 0; i < _keys.Length; i++) used.AddRange(_spaces[i].Seed(seeds[_keys[i]]));
        return used;
    }

    /// <summary>One sample per key, in key order, each from its subspace's own generator.</summary>
    public override IReadOnlyDictionary<string, object> Sample()
    {
        var result = new OrderedDictionary<string, object>(_keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < _keys.Length; i++) result.Add(_keys[i], _spaces[i].SampleObject());
        return result;
    }

    public override bool Contains(IReadOnlyDictionary<string, object> value)
    {
        if (value is null || value.Count != _keys.Length) return false;
        for (int i = 0; i < _keys.Length; i++)
            if (!value.TryGetValue(_keys[i], out var v) || !_spaces[i].ContainsObject(v)) return false;
        return true;
    }

    /// <summary>The subspaces' flattenings, concatenated in key order.</summary>
    public override void Flatten(IReadOnlyDictionary<string, object> value, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        int offset = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            if (!value.TryGetValue(_keys[i], out var v))
                throw new ArgumentException($"The value has no key '{_keys[i]}'; {this} needs every key.", nameof(value));
            int dim = _spaces[i].FlatDim;
            _spaces[i].FlattenObject(v, destination.Slice(offset, dim));
            offset += dim;
        }
    }

    public override IReadOnlyDictionary<string, object> Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var result = new OrderedDictionary<string, object>(_keys.Length, StringComparer.Ordinal);
        int offset = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            int dim = _spaces[i].FlatDim;
            result.Add(_keys[i], _spaces[i].UnflattenObject(flat.Slice(offset, dim)));
            offset += dim;
        }
        return result;
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high) =>
        CompositeFlatBounds.Write(_spaces, low, high);

    public override string Describe(IReadOnlyDictionary<string, object> value) =>
        ElementText.Of(value);

    protected override string Hint(IReadOnlyDictionary<string, object> value)
    {
        if (value is null) return "Pass a dictionary.";
        var missing = _keys.Where(k => !value.ContainsKey(k)).ToArray();
        if (missing.Length > 0) return $"Missing keys: {string.Join(", ", missing)}.";
        var extra = value.Keys.Where(k => !_index.ContainsKey(k)).ToArray();
        if (extra.Length > 0) return $"Unexpected keys: {string.Join(", ", extra)}.";
        for (int i = 0; i < _keys.Length; i++)
            if (!_spaces[i].ContainsObject(value[_keys[i]])) return $"The value for '{_keys[i]}' is not in {_spaces[i]}.";
        return "";
    }

    /// <summary>
    /// Structural equality: the same keys in the same order (the order is the sampling, seeding and flattening order;
    /// spaces built from dictionaries sort their keys, so those compare as dictionaries) with equal subspaces. The
    /// generators are ignored.
    /// </summary>
    public bool Equals(DictSpace? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_keys.Length != other._keys.Length) return false;
        for (int i = 0; i < _keys.Length; i++)
            if (!string.Equals(_keys[i], other._keys[i], StringComparison.Ordinal)) return false;
        return SpaceEquality.SpacesEqual(_spaces, other._spaces);
    }

    public override bool Equals(object? obj) => obj is DictSpace other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(typeof(DictSpace));
        hash.Add(_keys.Length);
        for (int i = 0; i < _keys.Length; i++)
        {
            hash.Add(_keys[i], StringComparer.Ordinal);
            hash.Add(_spaces[i]);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "Dict(" + string.Join(", ", _keys.Select((k, i) => $"'{k}': {_spaces[i]}")) + ")";
}
