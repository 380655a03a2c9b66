namespace DotGym.Random;

/// <summary>
/// numpy's <c>np.random.Generator</c> over <see cref="Pcg64"/>, bit for bit: the same seed gives the same numbers
/// as Gymnasium's <c>np_random</c>. Draws are scalar; numpy's <c>size=k</c> calls equal k scalar calls.
/// </summary>
public sealed partial class NpGenerator
{
    public NpGenerator(Pcg64 bitGenerator) => BitGenerator = bitGenerator ?? throw new ArgumentNullException(nameof(bitGenerator));

    public Pcg64 BitGenerator { get; }

    /// <summary><c>random()</c>: uniform in [0, 1).</summary>
    public double Random() => BitGenerator.NextDouble();

    /// <summary><c>uniform(low, high)</c>: <c>low + (high - low) * random()</c>.</summary>
    public double Uniform(double low, double high)
    {
        double range = high - low;
        // numpy raises OverflowError here rather than returning inf/NaN.
        if (!double.IsFinite(range)) throw new OverflowException($"uniform({low}, {high}): high - low is not finite; use bounds whose difference fits in a double.");
        return low + range * BitGenerator.NextDouble();
    }

    /// <summary>Fills <paramref name="destination"/> with <c>uniform(low, high, size=n)</c>.</summary>
    public void Uniform(double low, double high, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Uniform(low, high);
    }

    /// <summary><c>integers(n)</c>: an int64 in [0, n).</summary>
    public long Integers(long n) => Integers(0, n);

    /// <summary><c>integers(low, high)</c> for int64: uniform in [low, high) with Lemire's bounded method.</summary>
    public long Integers(long low, long high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), $"integers(low={low}, high={high}) needs high > low.");
        ulong range = (ulong)(high - low) - 1; // numpy's `rng`, the inclusive span
        return low + (long)BoundedUInt64(range);
    }

    /// <summary>
    /// numpy's <c>random_bounded_uint64</c> (Lemire, unmasked): 32-bit draws (sharing the bit generator's half-word
    /// buffer) when the range fits in 32 bits, 64-bit draws otherwise.
    /// </summary>
    internal ulong BoundedUInt64(ulong range)
    {
        if (range == 0) return 0;
        if (range <= uint.MaxValue)
        {
            if (range == uint.MaxValue) return BitGenerator.NextUInt32();
            return BoundedLemireUInt32((uint)range);
        }
        if (range == ulong.MaxValue) return BitGenerator.NextUInt64();
        return BoundedLemireUInt64(range);
    }

    private uint BoundedLemireUInt32(uint range)
    {
        uint rangeExcl = range + 1;
        ulong m = (ulong)BitGenerator.NextUInt32() * rangeExcl;
        uint leftover = (uint)m;
        if (leftover < rangeExcl)
        {
            uint threshold = (uint.MaxValue - range) % rangeExcl;
            while (leftover < threshold)
            {
                m = (ulong)BitGenerator.NextUInt32() * rangeExcl;
                leftover = (uint)m;
            }
        }
        return (uint)(m >> 32);
    }

    private ulong BoundedLemireUInt64(ulong range)
    {
        ulong rangeExcl = range + 1;
        UInt128 m = (UInt128)BitGenerator.NextUInt64() * rangeExcl;
        ulong leftover = (ulong)m;
        if (leftover < rangeExcl)
        {
            ulong threshold = (ulong.MaxValue - range) % rangeExcl;
            while (leftover < threshold)
            {
                m = (UInt128)BitGenerator.NextUInt64() * rangeExcl;
                leftover = (ulong)m;
            }
        }
        return (ulong)(m >> 64);
    }

    /// <summary>Writes the bit generator's full state (for exact resume).</summary>
    public void SaveState(BinaryWriter writer)
    {
        var bits = BitGenerator;
        writer.Write((ulong)(bits.State >> 64)); writer.Write((ulong)bits.State);
        writer.Write((ulong)(bits.Increment >> 64)); writer.Write((ulong)bits.Increment);
        writer.Write(bits.HasUInt32); writer.Write(bits.BufferedUInt32);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        var bits = BitGenerator;
        bits.State = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
        bits.Increment = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
        bits.HasUInt32 = reader.ReadBoolean();
        bits.BufferedUInt32 = reader.ReadUInt32();
    }

    /// <summary><c>choice(items)</c> without probabilities: <c>items[integers(0, k)]</c>.</summary>
    public T Choice<T>(IReadOnlyList<T> items)
    {
        if (items.Count == 0) throw new ArgumentException("choice() needs a non-empty list.", nameof(items));
        return items[(int)Integers(items.Count)];
    }
}
