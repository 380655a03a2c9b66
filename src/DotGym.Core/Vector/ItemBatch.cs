namespace DotGym.Vector;

/// <summary>
/// A batch of whole values in one <c>T[Count]</c> (<see cref="Data"/>): scalars such as <c>Discrete</c>
/// observations (<c>int[N]</c>), and the fallback for any other type, whose objects are stored by reference.
/// </summary>
public sealed class ItemBatch<T> : Batch<T>
{
    /// <summary>A batch of <paramref name="count"/> default values.</summary>
    public ItemBatch(int count) : base(count, 1, [count]) => Data = new T[count];

    /// <summary>The storage: item <c>i</c> is <c>Data[i]</c>.</summary>
    public T[] Data { get; }

    public override Array Buffer => Data;

    public T this[int index]
    {
        get => Data[index];
        set => Data[index] = value;
    }

    public override void Set(int index, T value)
    {
        CheckIndex(index);
        Data[index] = value;
    }

    public override T Get(int index)
    {
        CheckIndex(index);
        return Data[index];
    }

    public override T View(int index) => Get(index);

    public override void CopyItemFrom(Batch<T> source, int index) => Set(index, source.View(index));
}
