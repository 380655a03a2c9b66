using System.Globalization;
using System.Numerics;

namespace DotGym.Spaces;

/// <summary>
/// A (possibly unbounded) box in R^n (Gymnasium's <c>Box</c>), stored flat in row-major order with
/// <see cref="Space.Shape"/>. <typeparamref name="T"/> is the dtype: <c>float</c>, <c>double</c>, <c>int</c> or <c>byte</c>.
/// </summary>
public sealed class Box<T> : Space<T[]> where T : unmanaged, INumber<T>
{
    private readonly bool[] _boundedBelow;
    private readonly bool[] _boundedAbove;

    /// <summary>A box with the same bounds in every dimension.</summary>
    public Box(T low, T high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape) { }

    /// <summary>A box with per-dimension bounds (flat, row-major); the shape defaults to one dimension.</summary>
    public Box(T[] low, T[] high, int[]? shape = null) : base(shape ?? [low.Length])
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (!IsSupportedDtype) throw new NotSupportedException($"Box supports float, double, int and byte elements, not {typeof(T).Name}.");
        int size = 1;
        foreach (var d in Shape)
        {
            if (d < 0) throw new ArgumentException($"Box shape dimensions must be >= 0, got [{string.Join(", ", Shape)}].", nameof(shape));
            size *= d;
        }
        if (low.Length != size || high.Length != size)
            throw new ArgumentException($"Box low ({low.Length} values) and high ({high.Length} values) must both have {size} values for shape [{string.Join(", ", Shape)}].");
        Low = (T[])low.Clone();
        High = (T[])high.Clone();
        _boundedBelow = new bool[size];
        _boundedAbove = new bool[size];
        for (int i = 0; i < size; i++)
        {
            double lo = double.CreateTruncating(Low[i]), hi = double.CreateTruncating(High[i]);
            if (double.IsNaN(lo) || double.IsNaN(hi)) throw new ArgumentException($"Box bounds must not be NaN (dimension {i}).");
            if (lo > hi) throw new ArgumentException($"Box low must be <= high, but dimension {i} has low={lo} > high={hi}.");
            _boundedBelow[i] = !double.IsNegativeInfinity(lo);
            _boundedAbove[i] = !double.IsPositiveInfinity(hi);
        }
        Size = size;
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

    private static T[] Filled(T value, int[] shape)
    {
        int size = 1;
        foreach (var d in shape) size *= d;
        var a = new T[size];
        Array.Fill(a, value);
        return a;
    }

    /// <summary>
    /// Gymnasium's order: normals for unbounded dims, exponentials for half-bounded ones, then uniforms for bounded
    /// ones, all in float64, floored for integer dtypes, then cast to <typeparamref name="T"/>.
    /// </summary>
    public override T[] Sample()
    {
        var sample = new double[Size];
        var rng = NpRandom;
        bool integral = !IsFloatingPoint;
        for (int i = 0; i < Size; i++)
            if (!_boundedBelow[i] && !_boundedAbove[i]) sample[i] = rng.StandardNormal();
        for (int i = 0; i < Size; i++)
            if (_boundedBelow[i] && !_boundedAbove[i]) sample[i] = rng.StandardExponential() + double.CreateTruncating(Low[i]);
        for (int i = 0; i < Size; i++)
            if (!_boundedBelow[i] && _boundedAbove[i]) sample[i] = -rng.StandardExponential() + UpperForSampling(i, integral);
        for (int i = 0; i < Size; i++)
            if (_boundedBelow[i] && _boundedAbove[i]) sample[i] = rng.Uniform(double.CreateTruncating(Low[i]), UpperForSampling(i, integral));
        var result = new T[Size];
        for (int i = 0; i < Size; i++)
            result[i] = T.CreateTruncating(integral ? Math.Floor(sample[i]) : sample[i]);
        return result;
    }

    // Integer boxes sample floor(uniform(low, high + 1)) so that `high` itself can be drawn.
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

    public override void Flatten(T[] value, Span<double> destination)
    {
        if (value is null || value.Length != Size) throw new ArgumentException($"Expected {Size} values for {this}, got {value?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.", nameof(value));
        if (destination.Length != Size) throw new ArgumentException($"Flattening {this} needs a destination of length {Size}, got {destination.Length}.", nameof(destination));
        for (int i = 0; i < Size; i++) destination[i] = double.CreateTruncating(value[i]);
    }

    public override T[] Unflatten(ReadOnlySpan<double> flat)
    {
        if (flat.Length != Size) throw new ArgumentException($"Unflattening {this} needs {Size} values, got {flat.Length}.", nameof(flat));
        var result = new T[Size];
        for (int i = 0; i < Size; i++) result[i] = T.CreateTruncating(flat[i]);
        return result;
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

    public override string ToString()
    {
        string dtype = typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T) == typeof(int) ? "int32" : "uint8";
        string shape = Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
        bool uniform = Low.Distinct().Count() <= 1 && High.Distinct().Count() <= 1 && Size > 0;
        string Fmt(T[] a) => uniform ? Format(a[0]) : $"[{string.Join(" ", a.Select(Format))}]";
        return $"Box({Fmt(Low)}, {Fmt(High)}, {shape}, {dtype})";
    }

    private static string Format(T v)
    {
        double d = double.CreateTruncating(v);
        return double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : v.ToString(null, CultureInfo.InvariantCulture);
    }
}
