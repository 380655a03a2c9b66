using DotGym.Random;
using DotGym.Vector;

namespace DotGym.Spaces;

/// <summary>
/// Binary arrays of a fixed shape (Gymnasium's <c>MultiBinary(n)</c>; numpy dtype int8, here bytes 0/1),
/// flat in row-major order.
/// </summary>
public sealed class MultiBinary : Space<byte[]>, IEquatable<MultiBinary>
{
    /// <summary>Flat binary vectors of length <paramref name="n"/>.</summary>
    public MultiBinary(int n) : this([n]) { }

    /// <summary>Binary arrays of the given shape (every dimension >= 1).</summary>
    public MultiBinary(int[] shape) : base((int[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone())
    {
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"MultiBinary needs a shape of positive dimensions, got {Shapes.Format(shape)}.", nameof(shape));
        Size = Shapes.Size(Shape, nameof(shape));
    }

    /// <summary>Number of binary entries.</summary>
    public int Size { get; }
    public override int FlatDim => Size;

    /// <summary><c>integers(0, 2, size=n, dtype=int8)</c>: numpy's 8-bit buffered Lemire, one 32-bit draw per 4 bits.</summary>
    public override byte[] Sample()
    {
        var result = new byte[Size];
        NpRandom.BoundedUInt8Fill(0, 1, result);
        return result;
    }

    internal override bool HasBatchSampler => true;

    /// <summary>Gymnasium batches a MultiBinary as an int8 <c>Box(0, 1)</c>, whose sample is <c>floor(uniform(0, 2))</c> per entry.</summary>
    internal override void SampleBatch(NpGenerator rng, byte[][] destination)
    {
        for (int row = 0; row < destination.Length; row++)
        {
            var bits = destination[row] = new byte[Size];
            for (int i = 0; i < Size; i++) bits[i] = (byte)Math.Floor(rng.Uniform(0.0, 2.0));
        }
    }

    /// <summary>
    /// Gymnasium's masked sample: where <paramref name="mask"/> is 2 the entry is random, otherwise it is the mask
    /// value (0 or 1). All n random bits are drawn regardless, as in Gymnasium.
    /// </summary>
    public byte[] Sample(ReadOnlySpan<byte> mask)
    {
        if (mask.Length != Size) throw new ArgumentException($"The mask has length {mask.Length}; {this} needs {Size}.", nameof(mask));
        foreach (var m in mask)
            if (m > 2) throw new ArgumentException($"MultiBinary mask entries must be 0, 1 or 2 (random), got {m}.", nameof(mask));
        var result = Sample();
        for (int i = 0; i < Size; i++)
            if (mask[i] != 2) result[i] = mask[i];
        return result;
    }

    public override bool Contains(byte[] value)
    {
        if (value is null || value.Length != Size) return false;
        foreach (var b in value)
            if (b > 1) return false;
        return true;
    }

    public override void Flatten(byte[] value, Span<double> destination)
    {
        EnsureContains(value, "value");
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        for (int i = 0; i < Size; i++) destination[i] = value[i];
    }

    public override byte[] Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var result = new byte[Size];
        for (int i = 0; i < Size; i++)
        {
            double v = flat[i];
            if (v != 0 && v != 1) throw new ArgumentException($"Entry {i} of a flattened {this} is {v}; entries must be 0 or 1.", nameof(flat));
            result[i] = (byte)v;
        }
        return result;
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high)
    {
        low.Clear();
        high.Fill(1);
    }

    public override string Describe(byte[] value) => value is null ? "null" : $"[{string.Join(", ", value)}]";

    protected override string Hint(byte[] value) =>
        value is null ? "Pass a byte array." : value.Length != Size ? $"Pass {Size} entries (shape {Shapes.Format(Shape)})." : "Entries must be 0 or 1.";

    /// <summary>One contiguous <see cref="ArrayBatch{TElem}"/> of byte (an <see cref="ItemBatch{T}"/> for a scalar shape).</summary>
    public override Batch<byte[]> CreateBatch(int count) =>
        Shape.Length > 0 ? new ArrayBatch<byte>(count, Shape) : new ItemBatch<byte[]>(count);

    /// <summary>Structural equality: the same shape (the generator is ignored).</summary>
    public bool Equals(MultiBinary? other) => other is not null && Shape.AsSpan().SequenceEqual(other.Shape);

    public override bool Equals(object? obj) => obj is MultiBinary other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(typeof(MultiBinary));
        SpaceEquality.AddBits<int>(ref hash, Shape);
        return hash.ToHashCode();
    }

    public override string ToString() => Shape.Length == 1 ? $"MultiBinary({Shape[0]})" : $"MultiBinary({Shapes.Format(Shape)})";
}
