using System.Globalization;
using System.Numerics;
using DotGym.Random;
using DotGym.Vector;

namespace DotGym.Spaces;

/// <summary>
/// A (possibly unbounded) box in R^n (Gymnasium's <c>Box</c>), stored flat in row-major order with
/// <see cref="Space.Shape"/>. <typeparamref name="T"/> is the dtype: <c>float</c>, <c>double</c>, <c>int</c> or <c>byte</c>.
/// </summary>
public sealed class Box<T> : Space<T[]>, IEquatable<Box<T>> where T : unmanaged, INumber<T>
{
    private readonly bool[] _boundedBelow;
    private readonly bool[] _boundedAbove;
    private double[]? _scratch;

    /// <summary>A box with the same bounds in every dimension.</summary>
    public Box(T low, T high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape) { }

    /// <summary>
    /// A box with per-dimension bounds (flat, row-major); the shape defaults to one dimension. Float boxes take
    /// infinite bounds here; integer boxes with infinite bounds come from <see cref="FromBounds(double[], double[], int[])"/>.
    /// </summary>
    public Box(T[] low, T[] high, int[]? shape = null)
        : this(low, high, shape, BoundedFlags(low, isLow: true), BoundedFlags(high, isLow: false)) { }

    private Box(T[] low, T[] high, int[]? shape, bool[]? boundedBelow, bool[]? boundedAbove) : base(ValidShape(shape, low))
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        int size = 1;
        foreach (var d in Shape) size *= d;
        if (low.Length != size || high.Length != size)
            throw new ArgumentException($"Box low ({low.Length} values) and high ({high.Length} values) must both have {size} values for shape [{string.Join(", ", Shape)}].");
        Low = (T[])low.Clone();
        High = (T[])high.Clone();
        for (int i = 0; i < size; i++)
        {
            double lo = double.CreateTruncating(Low[i]), hi = double.CreateTruncating(High[i]);
            if (double.IsNaN(lo) || double.IsNaN(hi)) throw new ArgumentException($"Box bounds must not be NaN (dimension {i}).");
            if (lo > hi) throw new ArgumentException($"Box low must be <= high, but dimension {i} has low={lo} > high={hi}.");
        }
        _boundedBelow = boundedBelow!;
        _boundedAbove = boundedAbove!;
        Size = size;
    }

    /// <summary>
    /// Gymnasium's constructor from float64 bounds (scalars broadcast to <paramref name="shape"/>): for signed
    /// integer dtypes an infinite bound becomes the dtype's min/max and the dimension counts as unbounded (it is
    /// then sampled from a normal/exponential); unsigned dtypes reject infinities; finite bounds outside the dtype's
    /// range are rejected; values are then cast to <typeparamref name="T"/>.
    /// </summary>
    public static Box<T> FromBounds(double low, double high, params int[] shape)
    {
        int size = 1;
        foreach (var d in shape) size *= d;
        var lo = new double[size];
        var hi = new double[size];
        Array.Fill(lo, low);
        Array.Fill(hi, high);
        return FromBounds(lo, hi, shape);
    }

    /// <inheritdoc cref="FromBounds(double, double, int[])"/>
    public static Box<T> FromBounds(double[] low, double[] high, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length) throw new ArgumentException($"Box low has {low.Length} values but high has {high.Length}; give one bound per dimension.");
        EnsureSupportedDtype();
        var (dtypeMin, dtypeMax) = DtypeRange();
        bool signedInt = typeof(T) == typeof(int), unsigned = typeof(T) == typeof(byte);
        var lowT = new T[low.Length];
        var highT = new T[high.Length];
        var below = new bool[low.Length];
        var above = new bool[high.Length];
        for (int i = 0; i < low.Length; i++)
        {
            double lo = low[i], hi = high[i];
            if (double.IsNaN(lo) || double.IsNaN(hi)) throw new ArgumentException($"Box bounds must not be NaN (dimension {i}).");
            below[i] = !double.IsNegativeInfinity(lo);
            above[i] = !double.IsPositiveInfinity(hi);
            if (unsigned && (double.IsInfinity(lo) || double.IsInfinity(hi)))
                throw new ArgumentException($"A uint8 Box cannot have infinite bounds (dimension {i}); use finite bounds in [0, 255] or a signed dtype.");
            if (signedInt && double.IsInfinity(lo)) lo = lo < 0 ? dtypeMin : dtypeMax;
            if (signedInt && double.IsInfinity(hi)) hi = hi < 0 ? dtypeMin : dtypeMax;
            if (double.IsFinite(lo) && lo < dtypeMin) throw new ArgumentException($"Box low {lo} (dimension {i}) is below the {DtypeName} minimum {dtypeMin}.");
            if (double.IsFinite(hi) && hi > dtypeMax) throw new ArgumentException($"Box high {hi} (dimension {i}) is above the {DtypeName} maximum {dtypeMax}.");
            lowT[i] = T.CreateTruncating(lo);
            highT[i] = T.CreateTruncating(hi);
        }
        return new Box<T>(lowT, highT, shape, below, above);
    }

    public T[] Low { get; }
    public T[] High { get; }
    /// <summary>Number of elements (product of the shape).</summary>
    public int Size { get; }
    public override int FlatDim => Size;
    public bool IsFloatingPoint => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public bool IsBounded(int index) => _boundedBelow[index] && _boundedAbove[index];
    public bool IsBoundedBelow(int index) => _boundedBelow[index];
    public bool IsBoundedAbove(int index) => _boundedAbove[index];

    private static bool IsSupportedDtype =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(int) || typeof(T) == typeof(byte);

    private static string DtypeName =>
        typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T) == typeof(int) ? "int32" : "uint8";

    private static void EnsureSupportedDtype()
    {
        if (!IsSupportedDtype) throw new NotSupportedException($"Box supports float, double, int and byte elements, not {TypeNames.Of<T>()}.");
    }

    private static (double Min, double Max) DtypeRange() =>
        typeof(T) == typeof(float) ? (float.MinValue, float.MaxValue)
        : typeof(T) == typeof(double) ? (double.MinValue, double.MaxValue)
        : typeof(T) == typeof(int) ? (int.MinValue, int.MaxValue)
        : (0, 255);

    private static int[] ValidShape(int[]? shape, T[]? low)
    {
        EnsureSupportedDtype();
        var s = shape ?? [low?.Length ?? 0];
        foreach (var d in s)
            if (d < 0) throw new ArgumentException($"Box shape dimensions must be >= 0, got [{string.Join(", ", s)}].", nameof(shape));
        return (int[])s.Clone();
    }

    // Typed bounds are bounded unless infinite (only float dtypes can hold an infinity).
    private static bool[]? BoundedFlags(T[]? bounds, bool isLow)
    {
        if (bounds is null) return null;
        var flags = new bool[bounds.Length];
        for (int i = 0; i < bounds.Length; i++)
        {
            double v = double.CreateTruncating(bounds[i]);
            flags[i] = isLow ? !double.IsNegativeInfinity(v) : !double.IsPositiveInfinity(v);
        }
        return flags;
    }

    private static T[] Filled(T value, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int size = 1;
        foreach (var d in shape) size *= Math.Max(d, 0);
        var a = new T[size];
        Array.Fill(a, value);
        return a;
    }

    /// <summary>
    /// Gymnasium's order: normals for unbounded dims, exponentials for lower-bounded ones, negated exponentials for
    /// upper-bounded ones, then uniforms for bounded ones, all in float64; integer dtypes sample
    /// <c>floor(uniform(low, high + 1))</c> and clip to the dtype range (int32: [min + 2, max - 2]); then cast to
    /// <typeparamref name="T"/> (round to nearest for float32).
    /// </summary>
    public override T[] Sample()
    {
        var sample = _scratch ??= new double[Size];
        DrawFloat64(NpRandom, sample);
        var result = new T[Size];
        CastSample(sample, result);
        return result;
    }

    internal override bool HasBatchSampler => true;

    /// <summary>
    /// Gymnasium batches a Box as one Box of the bounds tiled <c>n</c> times, so each group of draws (normals,
    /// exponentials, uniforms) runs over the whole batch in row-major order before the next group starts.
    /// </summary>
    internal override void SampleBatch(NpGenerator rng, T[][] destination)
    {
        var sample = new double[destination.Length * Size];
        DrawFloat64(rng, sample);
        for (int row = 0; row < destination.Length; row++)
            CastSample(sample.AsSpan(row * Size, Size), destination[row] = new T[Size]);
    }

    /// <summary>Gymnasium's float64 draws for one or more (tiled) copies of this box: <paramref name="sample"/> has a multiple of <see cref="Size"/> values.</summary>
    private void DrawFloat64(NpGenerator rng, Span<double> sample)
    {
        bool integral = !IsFloatingPoint;
        for (int p = 0; p < sample.Length; p++)
            if (!_boundedBelow[p % Size] && !_boundedAbove[p % Size]) sample[p] = rng.Normal();
        for (int p = 0; p < sample.Length; p++)
            if (_boundedBelow[p % Size] && !_boundedAbove[p % Size]) sample[p] = rng.Exponential() + double.CreateTruncating(Low[p % Size]);
        for (int p = 0; p < sample.Length; p++)
            if (!_boundedBelow[p % Size] && _boundedAbove[p % Size]) sample[p] = -rng.Exponential() + UpperForSampling(p % Size, integral);
        for (int p = 0; p < sample.Length; p++)
            if (_boundedBelow[p % Size] && _boundedAbove[p % Size]) sample[p] = rng.Uniform(double.CreateTruncating(Low[p % Size]), UpperForSampling(p % Size, integral));
    }

    /// <summary>Casts one copy's float64 draws to <typeparamref name="T"/> (floor and numpy's clip for integer dtypes).</summary>
    private void CastSample(ReadOnlySpan<double> sample, Span<T> result)
    {
        if (IsFloatingPoint)
        {
            for (int i = 0; i < Size; i++) result[i] = T.CreateTruncating(sample[i]);
            return;
        }
        // numpy clips integer samples to [iinfo.min + 2, iinfo.max - 2] for signed and [0, 255] for uint8.
        double clipLow = typeof(T) == typeof(int) ? int.MinValue + 2.0 : 0.0;
        double clipHigh = typeof(T) == typeof(int) ? int.MaxValue - 2.0 : 255.0;
        for (int i = 0; i < Size; i++)
            result[i] = T.CreateTruncating(Math.Clamp(Math.Floor(sample[i]), clipLow, clipHigh));
    }

    // Integer boxes sample below high + 1 (high widened to int64 first) so that `high` itself can be drawn.
    private double UpperForSampling(int i, bool integral) => double.CreateTruncating(High[i]) + (integral ? 1 : 0);

    public override bool Contains(T[] value)
    {
        if (value is null || value.Length != Size) return false;
        for (int i = 0; i < Size; i++)
        {
            var x = value[i];
            if (!(x >= Low[i] && x <= High[i])) return false; // also rejects NaN
        }
        return true;
    }

    /// <summary>The elements as float64, in row-major order.</summary>
    public override void Flatten(T[] value, Span<double> destination)
    {
        if (value is null || value.Length != Size) throw new ArgumentException($"Expected {Size} values for {this}, got {value?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.", nameof(value));
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        for (int i = 0; i < Size; i++) destination[i] = double.CreateTruncating(value[i]);
    }

    /// <summary>Casts each value to <typeparamref name="T"/> (numpy's <c>astype</c>).</summary>
    public override T[] Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        var result = new T[Size];
        for (int i = 0; i < Size; i++) result[i] = T.CreateTruncating(flat[i]);
        return result;
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high)
    {
        EnsureFlatLength(low.Length, nameof(low), unflatten: false);
        EnsureFlatLength(high.Length, nameof(high), unflatten: false);
        for (int i = 0; i < Size; i++)
        {
            low[i] = double.CreateTruncating(Low[i]);
            high[i] = double.CreateTruncating(High[i]);
        }
    }

    public override string Describe(T[] value) =>
        value is null ? "null" : $"[{string.Join(", ", value.Select(v => v.ToString(null, CultureInfo.InvariantCulture)))}] (length {value.Length})";

    protected override string Hint(T[] value)
    {
        if (value is null) return "Pass an array.";
        if (value.Length != Size) return $"Pass an array of {Size} values (shape [{string.Join(", ", Shape)}]).";
        for (int i = 0; i < Size; i++)
        {
            double x = double.CreateTruncating(value[i]);
            if (double.IsNaN(x)) return $"Element {i} is NaN.";
            if (!(value[i] >= Low[i] && value[i] <= High[i])) return $"Element {i} = {x} is outside [{Low[i]}, {High[i]}]; clip it or wrap the env with ClipAction.";
        }
        return "";
    }

    /// <summary>One contiguous <see cref="ArrayBatch{TElem}"/> of <typeparamref name="T"/> (an <see cref="ItemBatch{T}"/> for a scalar shape).</summary>
    public override Batch<T[]> CreateBatch(int count) =>
        Shape.Length > 0 ? new ArrayBatch<T>(count, Shape) : new ItemBatch<T[]>(count);

    /// <summary>
    /// Structural equality: the same dtype (<typeparamref name="T"/>: a <c>Box&lt;float&gt;</c> never equals a
    /// <c>Box&lt;double&gt;</c>), shape, and bit-identical <see cref="Low"/>/<see cref="High"/> and boundedness per
    /// dimension (an int box from infinite bounds is unbounded, so it differs from one with the dtype's limits). The
    /// generator is ignored.
    /// </summary>
    public bool Equals(Box<T>? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Shape.AsSpan().SequenceEqual(other.Shape)
             && SpaceEquality.BitEqual<T>(Low, other.Low) && SpaceEquality.BitEqual<T>(High, other.High)
             && _boundedBelow.AsSpan().SequenceEqual(other._boundedBelow) && _boundedAbove.AsSpan().SequenceEqual(other._boundedAbove)));

    public override bool Equals(object? obj) => obj is Box<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(typeof(Box<T>));
        SpaceEquality.AddBits<int>(ref hash, Shape);
        SpaceEquality.AddBits<T>(ref hash, Low);
        SpaceEquality.AddBits<T>(ref hash, High);
        SpaceEquality.AddBits<bool>(ref hash, _boundedBelow);
        SpaceEquality.AddBits<bool>(ref hash, _boundedAbove);
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        string shape = Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
        bool uniform = Low.Distinct().Count() <= 1 && High.Distinct().Count() <= 1 && Size > 0;
        string Fmt(T[] a) => uniform ? Format(a[0]) : $"[{string.Join(" ", a.Select(Format))}]";
        return $"Box({Fmt(Low)}, {Fmt(High)}, {shape}, {DtypeName})";
    }

    // Python/numpy style: "inf", "-1.0" (a float that is integral keeps ".0"), shortest round-trip digits.
    private static string Format(T v)
    {
        double d = double.CreateTruncating(v);
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        string text = v.ToString("R", CultureInfo.InvariantCulture);
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        return floating && !text.Contains('.') && !text.Contains('E') ? text + ".0" : text;
    }
}
