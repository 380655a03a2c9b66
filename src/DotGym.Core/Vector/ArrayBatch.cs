namespace DotGym.Vector;

/// <summary>
/// A batch of fixed-shape arrays (e.g. <c>Box&lt;float&gt;</c> observations) stored row-major in one
/// <c>TElem[Count * ItemSize]</c> (<see cref="Data"/>) with shape <c>[Count, ..itemShape]</c>.
/// </summary>
public sealed class ArrayBatch<TElem> : Batch<TElem[]>
{
    private readonly TElem[]?[] _views;

    /// <summary>A zeroed batch of <paramref name="count"/> arrays of shape <paramref name="itemShape"/>.</summary>
    public ArrayBatch(int count, int[] itemShape) : base(count, ItemSizeOf(itemShape), [count, .. itemShape])
    {
        Data = new TElem[checked(count * ItemSize)];
        _views = new TElem[]?[count];
    }

    /// <summary>The contiguous storage, row-major: item <c>i</c> is <c>Data[i * ItemSize .. (i + 1) * ItemSize]</c>.</summary>
    public TElem[] Data { get; }

    public override Array Buffer => Data;

    /// <summary>Item <paramref name="index"/> as a slice of <see cref="Data"/>.</summary>
    public Span<TElem> this[int index]
    {
        get
        {
            CheckIndex(index);
            return Data.AsSpan(index * ItemSize, ItemSize);
        }
    }

    public override void Set(int index, TElem[] value)
    {
        CheckIndex(index);
        if (value is null || value.Length != ItemSize)
            throw new ArgumentException(
                $"Item {index} has {value?.Length.ToString() ?? "no"} values, but this batch holds {ItemSize} per item (shape [{string.Join(", ", Shape.Skip(1))}]).",
                nameof(value));
        value.AsSpan().CopyTo(Data.AsSpan(index * ItemSize, ItemSize));
    }

    public override TElem[] Get(int index) => this[index].ToArray();

    public override TElem[] View(int index)
    {
        var view = this[index];
        var scratch = _views[index] ??= new TElem[ItemSize];
        view.CopyTo(scratch);
        return scratch;
    }

    public override void CopyItemFrom(Batch<TElem[]> source, int index)
    {
        if (source is not ArrayBatch<TElem> other || other.ItemSize != ItemSize)
        {
            Set(index, source.View(index));
            return;
        }
        other[index].CopyTo(this[index]);
    }

    private static int ItemSizeOf(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape dimensions must be >= 0, got [{string.Join(", ", shape)}].", nameof(shape));
            size = checked(size * d);
        }
        return size;
    }
}
