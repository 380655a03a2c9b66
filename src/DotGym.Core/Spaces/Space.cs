using System.Numerics;
using DotGym.Random;
using DotGym.Vector;

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
            throw new ArgumentException($"{this} flattens values of type {TypeNames.Of<T>()}, got {TypeNames.OfValue(value)}.", nameof(value));
        Flatten(typed, destination);
    }

    public override object UnflattenObject(ReadOnlySpan<double> flat) => Unflatten(flat)!;

    /// <summary>Throws a clear exception when <paramref name="value"/> is not in the space.</summary>
    public void EnsureContains(T value, string what = "action")
    {
        if (!Contains(value))
            throw new ArgumentOutOfRangeException(what, $"The {what} {Describe(value)} is not in {this}. {Hint(value)}".TrimEnd());
    }

    /// <summary>
    /// A new batch of <paramref name="count"/> elements laid out for this space (what
    /// <see cref="Batch{T}.Create(Space{T}, int)"/> returns): fixed-shape arrays (a non-empty <see cref="Space.Shape"/>)
    /// go into one contiguous <see cref="ArrayBatch{TElem}"/>, everything else into an <see cref="ItemBatch{T}"/>.
    /// <para>
    /// The default recognises arrays of the primitive numeric types, <c>bool</c> and <c>char</c> without reflection
    /// (so it is trimming- and NativeAOT-safe); <see cref="Box{T}"/>, <see cref="MultiDiscrete"/>,
    /// <see cref="MultiBinary"/> and <see cref="BatchedSpace{T}"/> override it. A custom space of arrays of another
    /// element type gets an <see cref="ItemBatch{T}"/> unless it overrides this method to return
    /// <c>new ArrayBatch&lt;TElem&gt;(count, Shape)</c>.
    /// </para>
    /// </summary>
    public virtual Batch<T> CreateBatch(int count)
    {
        if (Shape.Length > 0)
        {
            if (typeof(T) == typeof(float[])) return (Batch<T>)(object)new ArrayBatch<float>(count, Shape);
            if (typeof(T) == typeof(double[])) return (Batch<T>)(object)new ArrayBatch<double>(count, Shape);
            if (typeof(T) == typeof(int[])) return (Batch<T>)(object)new ArrayBatch<int>(count, Shape);
            if (typeof(T) == typeof(byte[])) return (Batch<T>)(object)new ArrayBatch<byte>(count, Shape);
            if (typeof(T) == typeof(long[])) return (Batch<T>)(object)new ArrayBatch<long>(count, Shape);
            if (typeof(T) == typeof(short[])) return (Batch<T>)(object)new ArrayBatch<short>(count, Shape);
            if (typeof(T) == typeof(sbyte[])) return (Batch<T>)(object)new ArrayBatch<sbyte>(count, Shape);
            if (typeof(T) == typeof(ushort[])) return (Batch<T>)(object)new ArrayBatch<ushort>(count, Shape);
            if (typeof(T) == typeof(uint[])) return (Batch<T>)(object)new ArrayBatch<uint>(count, Shape);
            if (typeof(T) == typeof(ulong[])) return (Batch<T>)(object)new ArrayBatch<ulong>(count, Shape);
            if (typeof(T) == typeof(Half[])) return (Batch<T>)(object)new ArrayBatch<Half>(count, Shape);
            if (typeof(T) == typeof(bool[])) return (Batch<T>)(object)new ArrayBatch<bool>(count, Shape);
            if (typeof(T) == typeof(char[])) return (Batch<T>)(object)new ArrayBatch<char>(count, Shape);
        }
        return new ItemBatch<T>(count);
    }

    /// <summary>Readable text of an element for error messages.</summary>
    public virtual string Describe(T value) => value?.ToString() ?? "null";

    /// <summary>A fix suggestion for an element outside the space.</summary>
    protected virtual string Hint(T value) => "";

    /// <summary>
    /// Whether Gymnasium's <c>batch_space</c> makes one space of this one (<c>Box</c>, <c>MultiDiscrete</c>), which
    /// <see cref="SampleBatch"/> samples; false where it makes a tuple of copies (composite, text and custom spaces).
    /// </summary>
    internal virtual bool HasBatchSampler => false;

    /// <summary>
    /// Fills <paramref name="destination"/> with one sample of Gymnasium's <c>batch_space(this, n).sample()</c>
    /// (n = its length) drawn from <paramref name="rng"/>, in the batched space's draw order.
    /// </summary>
    internal virtual void SampleBatch(NpGenerator rng, T[] destination) =>
        throw new NotSupportedException($"{this} has no batched sampler; sample its elements one by one.");
}
