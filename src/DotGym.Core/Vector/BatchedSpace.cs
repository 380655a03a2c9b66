using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// The space of <see cref="Count"/> independent elements of <see cref="Single"/> (a vector env's
/// <c>ObservationSpace</c>/<c>ActionSpace</c>, Gymnasium's <c>batch_space</c>). An element is a <c>T[Count]</c>,
/// which is what <see cref="VectorEnv{TObs,TAct}.Step(ReadOnlySpan{TAct})"/> takes.
/// <para>
/// Sampling is Gymnasium's: <c>batch_space</c> turns a <see cref="Discrete"/> into a <c>MultiDiscrete</c>, a
/// <see cref="MultiDiscrete"/> or <see cref="MultiBinary"/> into an integer <c>Box</c> and a <see cref="Box{T}"/> into a
/// tiled <c>Box</c>, and <see cref="Sample"/> draws what that batched space draws, in its order, from this space's own
/// generator (<see cref="Seed"/> seeds it; <see cref="Single"/>'s generator is untouched), so
/// <c>vec.ActionSpace.Seed(s); vec.ActionSpace.Sample()</c> gives Gymnasium's actions for <c>envs.action_space</c>.
/// Other spaces (tuples, dicts, text, custom ones) sample element by element from <see cref="Single"/>'s generator,
/// which <see cref="Seed"/> then seeds.
/// </para>
/// </summary>
public sealed class BatchedSpace<T> : Space<T[]>, IEquatable<BatchedSpace<T>>
{
    public BatchedSpace(Space<T> single, int count) : base([count, .. (single ?? throw new ArgumentNullException(nameof(single))).Shape])
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A batched space needs count >= 1.");
        Single = single;
        Count = count;
    }

    /// <summary>The space of one sub-env.</summary>
    public Space<T> Single { get; }

    /// <summary>Number of elements in a batch.</summary>
    public int Count { get; }

    public override int FlatDim => Count * Single.FlatDim;
    public override bool IsFlattenable => Single.IsFlattenable;

    /// <summary>Seeds the generator <see cref="Sample"/> draws from (this space's own, or <see cref="Single"/>'s for spaces sampled element by element).</summary>
    public override IReadOnlyList<BigInteger> Seed(long? seed = null) => Single.HasBatchSampler ? base.Seed(seed) : Single.Seed(seed);

    /// <summary>One contiguous <see cref="ArrayBatch{TElem}"/> of <typeparamref name="T"/> with shape <c>[count, Count, ..single]</c>.</summary>
    public override Batch<T[]> CreateBatch(int count) => new ArrayBatch<T>(count, Shape);

    public override T[] Sample()
    {
        var batch = new T[Count];
        if (Single.HasBatchSampler) Single.SampleBatch(NpRandom, batch);
        else
            for (int i = 0; i < Count; i++) batch[i] = Single.Sample();
        return batch;
    }

    public override bool Contains(T[] value)
    {
        if (value is null || value.Length != Count) return false;
        foreach (var item in value)
            if (!Single.Contains(item)) return false;
        return true;
    }

    public override void Flatten(T[] value, Span<double> destination)
    {
        if (value is null || value.Length != Count) throw new ArgumentException($"Expected {Count} elements for {this}, got {value?.Length.ToString() ?? "null"}.", nameof(value));
        if (destination.Length != FlatDim) throw new ArgumentException($"Flattening {this} needs a destination of length {FlatDim}, got {destination.Length}.", nameof(destination));
        int width = Single.FlatDim;
        for (int i = 0; i < Count; i++) Single.Flatten(value[i], destination.Slice(i * width, width));
    }

    public override T[] Unflatten(ReadOnlySpan<double> flat)
    {
        if (flat.Length != FlatDim) throw new ArgumentException($"Unflattening {this} needs {FlatDim} values, got {flat.Length}.", nameof(flat));
        int width = Single.FlatDim;
        var batch = new T[Count];
        for (int i = 0; i < Count; i++) batch[i] = Single.Unflatten(flat.Slice(i * width, width));
        return batch;
    }

    public override string Describe(T[] value) =>
        value is null ? "null" : $"[{string.Join(", ", value.Select(Single.Describe))}]";

    protected override string Hint(T[] value)
    {
        if (value is null || value.Length != Count) return $"Pass {Count} elements, one per sub-env.";
        for (int i = 0; i < Count; i++)
            if (!Single.Contains(value[i])) return $"Element {i} ({Single.Describe(value[i])}) is not in {Single}.";
        return "";
    }

    /// <summary>Structural equality: the same <see cref="Count"/> and an equal <see cref="Single"/> space.</summary>
    public bool Equals(BatchedSpace<T>? other) => other is not null && Count == other.Count && Single.Equals(other.Single);

    public override bool Equals(object? obj) => obj is BatchedSpace<T> other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(typeof(BatchedSpace<T>), Count, Single);

    public override string ToString() => $"Batched({Single}, n={Count})";
}
