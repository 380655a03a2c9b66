using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// <see cref="Count"/> values of one space stored in ONE contiguous, reusable buffer: how a vector env hands back
/// observations (and optionally takes actions) without allocating.
/// <list type="bullet">
/// <item>Fixed-shape array values (e.g. <see cref="Box{T}"/> observations <c>float[]</c>) go into an
/// <see cref="ArrayBatch{TElem}"/>: one <c>TElem[Count * itemSize]</c>, row-major with <see cref="Shape"/>
/// <c>[Count, ..singleShape]</c>, ready to copy into a tensor.</item>
/// <item>Everything else (e.g. <see cref="Discrete"/> observations <c>int</c>) goes into an
/// <see cref="ItemBatch{T}"/>: one <c>T[Count]</c>. For reference types this is the boxed fallback: it stores the
/// sub-envs' objects as they are, so they follow the env ownership rule (valid until that env's next step).</item>
/// </list>
/// Read the buffer with <see cref="AsSpan{TElem}"/> / <see cref="AsArray{TElem}"/> (e.g. <c>AsSpan&lt;float&gt;()</c>) or one
/// item with <see cref="Row{TElem}"/>; <see cref="Create"/> picks the layout from the single space.
/// </summary>
/// <typeparam name="T">The type of one item (the single space's element type).</typeparam>
public abstract class Batch<T>
{
    private protected Batch(int count, int itemSize, int[] shape)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A batch needs at least one item.");
        Count = count;
        ItemSize = itemSize;
        Shape = shape;
    }

    /// <summary>Number of items (the vector env's number of sub-envs).</summary>
    public int Count { get; }

    /// <summary>Buffer elements per item: the product of the single shape for arrays, 1 otherwise.</summary>
    public int ItemSize { get; }

    /// <summary>Shape of <see cref="Buffer"/>: <c>[Count, ..singleShape]</c> for array items, <c>[Count]</c> otherwise.</summary>
    public int[] Shape { get; }

    /// <summary>The contiguous storage (<c>TElem[]</c> for array items, <c>T[]</c> otherwise), reused across steps.</summary>
    public abstract Array Buffer { get; }

    /// <summary>The storage as a typed array (no copy). Throws when <typeparamref name="TElem"/> is not the buffer's element type.</summary>
    public TElem[] AsArray<TElem>() => Buffer as TElem[] ?? throw new InvalidCastException(
        $"This batch stores {TypeNames.Of(Buffer.GetType().GetElementType())} elements, not {TypeNames.Of<TElem>()}. Use AsArray<{TypeNames.Of(Buffer.GetType().GetElementType())}>().");

    /// <summary>The storage as a typed span (no copy).</summary>
    public Span<TElem> AsSpan<TElem>() => AsArray<TElem>();

    /// <summary>The elements of item <paramref name="index"/> (a slice of the storage, no copy).</summary>
    public Span<TElem> Row<TElem>(int index)
    {
        CheckIndex(index);
        return AsArray<TElem>().AsSpan(index * ItemSize, ItemSize);
    }

    /// <summary>Stores <paramref name="value"/> as item <paramref name="index"/> (array items are copied in).</summary>
    public abstract void Set(int index, T value);

    /// <summary>Item <paramref name="index"/> for the caller to keep: array items are copied out; other items are returned as stored.</summary>
    public abstract T Get(int index);

    /// <summary>
    /// Item <paramref name="index"/> without allocating in steady state: for array items, a scratch array owned by the
    /// batch (one per index), overwritten by the next <c>View(index)</c>. Vector envs unbatch actions this way.
    /// </summary>
    public abstract T View(int index);

    /// <summary>Copies item <paramref name="index"/> of <paramref name="source"/> to item <paramref name="index"/> of this batch.</summary>
    public abstract void CopyItemFrom(Batch<T> source, int index);

    /// <summary>
    /// A new batch of <paramref name="count"/> items laid out for <paramref name="space"/>'s elements
    /// (<see cref="Space{T}.CreateBatch(int)"/>, which array spaces override; no reflection).
    /// </summary>
    public static Batch<T> Create(Space<T> space, int count)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.CreateBatch(count);
    }

    private protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Item index must be in [0, {Count - 1}].");
    }
}
