using DotGym.Random;
using DotGym.Vector;

namespace DotGym.Spaces;

/// <summary>
/// A product of discrete spaces (Gymnasium's <c>MultiDiscrete(nvec, start)</c>): element i lies in
/// <c>{start[i], …, start[i] + nvec[i] - 1}</c>. Elements are flat row-major arrays with <see cref="Space.Shape"/>.
/// </summary>
public sealed class MultiDiscrete : Space<int[]>, IEquatable<MultiDiscrete>
{
    private readonly int[] _nvec;
    private readonly int[] _start;

    /// <param name="nvec">Number of values of each element (all >= 1), flat row-major.</param>
    /// <param name="start">Smallest value of each element (default all 0).</param>
    /// <param name="shape">Shape of <paramref name="nvec"/> (default one dimension).</param>
    public MultiDiscrete(int[] nvec, int[]? start = null, int[]? shape = null)
        : base(shape is null ? [nvec?.Length ?? 0] : (int[])shape.Clone())
    {
        ArgumentNullException.ThrowIfNull(nvec);
        int size = Shapes.Size(Shape, nameof(shape));
        if (nvec.Length != size) throw new ArgumentException($"nvec has {nvec.Length} values but shape {Shapes.Format(Shape)} needs {size}.", nameof(nvec));
        if (start is not null && start.Length != nvec.Length)
            throw new ArgumentException($"start has {start.Length} values but nvec has {nvec.Length}; they need the same shape.", nameof(start));
        _nvec = (int[])nvec.Clone();
        _start = start is null ? new int[size] : (int[])start.Clone();
        long flat = 0;
        for (int i = 0; i < size; i++)
        {
            if (_nvec[i] <= 0) throw new ArgumentException($"nvec (counts) must all be >= 1, but nvec[{i}] = {_nvec[i]}.", nameof(nvec));
            if ((long)_start[i] + _nvec[i] - 1 > int.MaxValue)
                throw new ArgumentException($"Element {i} would end past int.MaxValue (start {_start[i]} + nvec {_nvec[i]}); lower start or nvec.", nameof(start));
            flat += _nvec[i];
        }
        if (flat > Array.MaxLength) throw new ArgumentException($"The one-hot flattening of nvec has {flat} entries, too many.", nameof(nvec));
        FlatDim = (int)flat;
        Size = size;
    }

    public IReadOnlyList<int> Nvec => _nvec;
    public IReadOnlyList<int> Start => _start;
    /// <summary>Number of elements (product of the shape).</summary>
    public int Size { get; }
    /// <summary>Sum of <see cref="Nvec"/>: the flattening is one one-hot block per element.</summary>
    public override int FlatDim { get; }

    /// <summary><c>(random(shape) * nvec).astype(int64) + start</c>: one <c>random()</c> per element, in row-major order.</summary>
    public override int[] Sample()
    {
        var rng = NpRandom;
        var result = new int[Size];
        for (int i = 0; i < Size; i++) result[i] = (int)(long)(rng.Random() * _nvec[i]) + _start[i];
        return result;
    }

    internal override bool HasBatchSampler => true;

    /// <summary>
    /// Gymnasium batches a MultiDiscrete as an integer <c>Box(start, start + nvec - 1)</c>, whose sample is
    /// <c>floor(uniform(start, start + nvec))</c> per element, row by row.
    /// </summary>
    internal override void SampleBatch(NpGenerator rng, int[][] destination)
    {
        for (int row = 0; row < destination.Length; row++)
        {
            var values = destination[row] = new int[Size];
            for (int i = 0; i < Size; i++) values[i] = (int)Math.Floor(rng.Uniform(_start[i], (double)_start[i] + _nvec[i]));
        }
    }

    /// <summary>
    /// Gymnasium's masked sample: <paramref name="masks"/>[i] (length nvec[i], entries 0 or 1) lists the allowed
    /// values of element i; each element draws uniformly among its allowed values, or is <c>start[i]</c> (drawing
    /// nothing) when none is allowed.
    /// </summary>
    public int[] Sample(IReadOnlyList<byte[]> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.Count != Size) throw new ArgumentException($"Expected one mask per element ({Size}), got {masks.Count}.", nameof(masks));
        var result = new int[Size];
        for (int i = 0; i < Size; i++)
        {
            var mask = masks[i] ?? throw new ArgumentException($"Mask {i} is null; pass a byte array of length {_nvec[i]}.", nameof(masks));
            if (mask.Length != _nvec[i]) throw new ArgumentException($"Mask {i} has length {mask.Length}; element {i} has {_nvec[i]} values.", nameof(masks));
            int allowed = 0;
            foreach (var m in mask)
            {
                if (m > 1) throw new ArgumentException($"Mask entries must be 0 or 1, got {m} in mask {i}.", nameof(masks));
                allowed += m;
            }
            result[i] = _start[i];
            if (allowed == 0) continue;
            long pick = NpRandom.Integers(allowed);
            for (int v = 0; v < mask.Length; v++)
                if (mask[v] == 1 && pick-- == 0) { result[i] += v; break; }
        }
        return result;
    }

    public override bool Contains(int[] value)
    {
        if (value is null || value.Length != Size) return false;
        for (int i = 0; i < Size; i++)
            if (value[i] < _start[i] || (long)value[i] - _start[i] >= _nvec[i]) return false;
        return true;
    }

    /// <summary>Concatenated one-hot blocks, one per element (Gymnasium's <c>flatten</c>).</summary>
    public override void Flatten(int[] value, Span<double> destination)
    {
        EnsureContains(value, "value");
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        destination.Clear();
        int offset = 0;
        for (int i = 0; i < Size; i++)
        {
            destination[offset + value[i] - _start[i]] = 1;
            offset += _nvec[i];
        }
    }

    /// <summary>Inverse of <see cref="Flatten(int[], Span{double})"/>: each block must have exactly one non-zero entry.</summary>
    public override int[] Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var result = new int[Size];
        int offset = 0;
        for (int i = 0; i < Size; i++)
        {
            int found = -1;
            for (int v = 0; v < _nvec[i]; v++)
            {
                if (flat[offset + v] == 0) continue;
                if (found >= 0) throw new ArgumentException($"Block {i} of the flattened {this} has more than one non-zero entry; it must be one-hot.", nameof(flat));
                found = v;
            }
            if (found < 0) throw new ArgumentException($"Block {i} of the flattened {this} is all zeros; it must be one-hot.", nameof(flat));
            result[i] = _start[i] + found;
            offset += _nvec[i];
        }
        return result;
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high)
    {
        low.Clear();
        high.Fill(1);
    }

    public override string Describe(int[] value) => value is null ? "null" : $"[{string.Join(", ", value)}]";

    protected override string Hint(int[] value)
    {
        if (value is null) return "Pass an int array.";
        if (value.Length != Size) return $"Pass {Size} values (shape {Shapes.Format(Shape)}).";
        for (int i = 0; i < Size; i++)
            if (value[i] < _start[i] || (long)value[i] - _start[i] >= _nvec[i])
                return $"Element {i} = {value[i]} must be in [{_start[i]}, {_start[i] + _nvec[i] - 1}].";
        return "";
    }

    /// <summary>One contiguous <see cref="ArrayBatch{TElem}"/> of int (an <see cref="ItemBatch{T}"/> for a scalar shape).</summary>
    public override Batch<int[]> CreateBatch(int count) =>
        Shape.Length > 0 ? new ArrayBatch<int>(count, Shape) : new ItemBatch<int[]>(count);

    /// <summary>Structural equality: the same shape, <see cref="Nvec"/> and <see cref="Start"/> (the generator is ignored).</summary>
    public bool Equals(MultiDiscrete? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Shape.AsSpan().SequenceEqual(other.Shape) && _nvec.AsSpan().SequenceEqual(other._nvec) && _start.AsSpan().SequenceEqual(other._start)));

    public override bool Equals(object? obj) => obj is MultiDiscrete other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(typeof(MultiDiscrete));
        SpaceEquality.AddBits<int>(ref hash, Shape);
        SpaceEquality.AddBits<int>(ref hash, _nvec);
        SpaceEquality.AddBits<int>(ref hash, _start);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        _start.Any(s => s != 0)
            ? $"MultiDiscrete({Shapes.FormatArray(_nvec, Shape)}, start={Shapes.FormatArray(_start, Shape)})"
            : $"MultiDiscrete({Shapes.FormatArray(_nvec, Shape)})";
}
