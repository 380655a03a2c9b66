using System.Numerics;

namespace DotGym.Spaces;

/// <summary>
/// A Cartesian product of spaces (Gymnasium's <c>Tuple</c>); elements are <c>object[]</c> holding one element of
/// each subspace, in order.
/// </summary>
public sealed class TupleSpace : Space<object[]>, IEquatable<TupleSpace>
{
    private readonly Space[] _spaces;

    public TupleSpace(params Space[] spaces) : base([])
    {
        ArgumentNullException.ThrowIfNull(spaces);
        for (int i = 0; i < spaces.Length; i++)
            if (spaces[i] is null) throw new ArgumentException($"Subspace {i} is null; every element of a TupleSpace needs a space.", nameof(spaces));
        _spaces = (Space[])spaces.Clone();
        FlatDim = _spaces.Sum(s => s.FlatDim);
    }

    public IReadOnlyList<Space> Spaces => _spaces;
    public Space this[int index] => _spaces[index];
    public int Count => _spaces.Length;
    public override int FlatDim { get; }
    public override bool IsFlattenable => _spaces.All(s => s.IsFlattenable);

    /// <summary>
    /// Gymnasium's <c>Tuple.seed</c>: an integer seeds this space's generator, which draws one seed per subspace;
    /// null seeds every subspace from OS entropy. Returns the subspaces' seeds (nested ones flattened), in order.
    /// </summary>
    public override IReadOnlyList<BigInteger> Seed(long? seed = null) =>
        CompositeSeeding.Seed(this, _spaces, seed, s => base.Seed(s));

    /// <summary>Seeds each subspace with its own seed (Gymnasium's list-of-seeds form).</summary>
    public IReadOnlyList<BigInteger> Seed(IReadOnlyList<long?> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count != _spaces.Length)
            throw new ArgumentException($"Expected {_spaces.Length} seeds, one per subspace, got {seeds.Count}.", nameof(seeds));
        var used = new List<BigInteger>();
        for (int i = 0; i < _spaces.Length; i++) used.AddRange(_spaces[i].Seed(seeds[i]));
        return used;
    }

    /// <summary>One sample of each subspace, in order, each from its own generator.</summary>
    public override object[] Sample()
    {
        var result = new object[_spaces.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _spaces[i].SampleObject();
        return result;
    }

    public override bool Contains(object[] value)
    {
        if (value is null || value.Length != _spaces.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (!_spaces[i].ContainsObject(value[i])) return false;
        return true;
    }

    /// <summary>The subspaces' flattenings, concatenated in order.</summary>
    public override void Flatten(object[] value, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != _spaces.Length) throw new ArgumentException($"{this} needs {_spaces.Length} values, got {value.Length}.", nameof(value));
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        int offset = 0;
        for (int i = 0; i < _spaces.Length; i++)
        {
            int dim = _spaces[i].FlatDim;
            _spaces[i].FlattenObject(value[i], destination.Slice(offset, dim));
            offset += dim;
        }
    }

    public override object[] Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var result = new object[_spaces.Length];
        int offset = 0;
        for (int i = 0; i < _spaces.Length; i++)
        {
            int dim = _spaces[i].FlatDim;
            result[i] = _spaces[i].UnflattenObject(flat.Slice(offset, dim));
            offset += dim;
        }
        return result;
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high) =>
        CompositeFlatBounds.Write(_spaces, low, high);

    public override string Describe(object[] value) => value is null ? "null" : $"({string.Join(", ", value.Select(ElementText.Of))})";

    protected override string Hint(object[] value)
    {
        if (value is null) return "Pass an object array.";
        if (value.Length != _spaces.Length) return $"Pass {_spaces.Length} values.";
        for (int i = 0; i < value.Length; i++)
            if (!_spaces[i].ContainsObject(value[i])) return $"Element {i} is not in {_spaces[i]}.";
        return "";
    }

    /// <summary>Structural equality: equal subspaces in the same order (the generators are ignored).</summary>
    public bool Equals(TupleSpace? other) =>
        other is not null && (ReferenceEquals(this, other) || SpaceEquality.SpacesEqual(_spaces, other._spaces));

    public override bool Equals(object? obj) => obj is TupleSpace other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(typeof(TupleSpace));
        hash.Add(_spaces.Length);
        foreach (var space in _spaces) hash.Add(space);
        return hash.ToHashCode();
    }

    public override string ToString() => $"Tuple({string.Join(", ", _spaces.Select(s => s.ToString()))})";
}
