using System.Numerics;
using DotGym.Random;

namespace DotGym.Spaces;

/// <summary>
/// The untyped face of a space (Gymnasium's <c>Space</c>): shape, seeding, flattening size. Typed operations live
/// on <see cref="Space{T}"/>.
/// </summary>
public abstract class Space
{
    private NpGenerator? _npRandom;

    protected Space(int[] shape) => Shape = shape ?? throw new ArgumentNullException(nameof(shape));

    /// <summary>The shape of one element (empty for scalars such as <see cref="Discrete"/>).</summary>
    public int[] Shape { get; }

    /// <summary>The space's own generator, created from OS entropy on first use if <see cref="Seed"/> was never called.</summary>
    public NpGenerator NpRandom
    {
        get => _npRandom ??= Seeding.NpRandom(null).Generator;
        protected set => _npRandom = value;
    }

    /// <summary>Seeds the sampler (Gymnasium's <c>space.seed(seed)</c>) and returns the seeds used.</summary>
    public virtual IReadOnlyList<BigInteger> Seed(long? seed = null)
    {
        var (generator, used) = Seeding.NpRandom(seed);
        _npRandom = generator;
        return [used];
    }

    /// <summary>Whether <see cref="Space{T}.Flatten(T, Span{double})"/> is supported.</summary>
    public virtual bool IsFlattenable => true;

    /// <summary>Length of a flattened element (one-hot size for discrete spaces).</summary>
    public abstract int FlatDim { get; }

    public abstract object SampleObject();
    public abstract bool ContainsObject(object? value);
    /// <summary>The .NET type of one element.</summary>
    public abstract Type ElementType { get; }

    /// <summary>Untyped <see cref="Space{T}.Flatten(T, Span{double})"/>: <paramref name="value"/> must be an element of <see cref="ElementType"/>.</summary>
    public abstract void FlattenObject(object value, Span<double> destination);

    /// <summary>Untyped <see cref="Space{T}.Unflatten(ReadOnlySpan{double})"/>.</summary>
    public abstract object UnflattenObject(ReadOnlySpan<double> flat);

    /// <summary>
    /// Writes the bounds of the flattened space (Gymnasium's <c>flatten_space</c>): both spans have length
    /// <see cref="FlatDim"/>. Spaces that cannot be flattened to a box throw <see cref="NotSupportedException"/>.
    /// </summary>
    public virtual void GetFlatBounds(Span<double> low, Span<double> high) =>
        throw new NotSupportedException($"{this} cannot be flattened to a Box; override GetFlatBounds to support it.");

    /// <summary>Throws a clear exception unless a flat buffer has length <see cref="FlatDim"/>.</summary>
    protected void EnsureFlatLength(int length, string parameterName, bool unflatten)
    {
        if (length != FlatDim)
            throw new ArgumentException(
                $"{(unflatten ? "Unflattening" : "Flattening")} {this} needs {(unflatten ? "" : "a destination of ")}length {FlatDim}, got {length}.",
                parameterName);
    }
}

/// <summary>A set of values of type <typeparamref name="T"/>, with sampling and flattening.</summary>
public abstract class Space<T> : Space
{
    protected Space(int[] shape) : base(shape) { }

    public override Type ElementType => typeof(T);

    /// <summary>A uniformly (or, for unbounded boxes, normally/exponentially) random element.</summary>
    public abstract T Sample();

    /// <summary>Whether <paramref name="value"/> is an element (right shape, type and bounds).</summary>
    public abstract bool Contains(T value);

    /// <summary>Writes the flat float64 form of <paramref name="value"/> (one-hot for discrete) to <paramref name="destination"/>.</summary>
    public abstract void Flatten(T value, Span<double> destination);

    /// <summary>Inverse of <see cref="Flatten(T, Span{double})"/>.</summary>
    public abstract T Unflatten(ReadOnlySpan<double> flat);

    public double[] Flatten(T value)
    {
        var flat = new double[FlatDim];
        Flatten(value, flat);
        return flat;
    }

    public override object SampleObject() => Sample()!;
    public override bool ContainsObject(object? value) => value is T typed && Contains(typed);

    public override void FlattenObject(object value, Span<double> destination)
    {
        if (value is not T typed)
            throw new ArgumentException($"{this} flattens values of type {typeof(T).Name}, got {value?.GetType().Name ?? "null"}.", nameof(value));
        Flatten(typed, destination);
    }

    public override object UnflattenObject(ReadOnlySpan<double> flat) => Unflatten(flat)!;

    /// <summary>Throws a clear exception when <paramref name="value"/> is not in the space.</summary>
    public void EnsureContains(T value, string what = "action")
    {
        if (!Contains(value))
            throw new ArgumentOutOfRangeException(what, $"The {what} {Describe(value)} is not in {this}. {Hint(value)}".TrimEnd());
    }

    /// <summary>Readable text of an element for error messages.</summary>
    public virtual string Describe(T value) => value?.ToString() ?? "null";

    /// <summary>A fix suggestion for an element outside the space.</summary>
    protected virtual string Hint(T value) => "";
}
