namespace DotGym.Cluster.Runners;

/// <summary>Batch buffers as messages: only arrays of primitive elements travel (Orleans copies them as raw values).</summary>
internal static class BufferTransfer
{
    /// <summary>Throws when <paramref name="buffer"/>'s elements cannot travel between silos.</summary>
    public static void EnsureCanTravel(Array buffer, string what)
    {
        var element = buffer.GetType().GetElementType()!;
        if (!element.IsPrimitive)
            throw new NotSupportedException(
                $"{what} are {TypeNames.Of(element)} values, which cannot travel between silos; cluster envs need observations and actions stored as arrays of numbers or bools (Box, Discrete, MultiDiscrete, MultiBinary spaces).");
    }

    /// <summary>A fresh copy of <paramref name="buffer"/> (the message owns it).</summary>
    public static Array Copy(Array buffer) => (Array)buffer.Clone();

    /// <summary>Rows <paramref name="firstRow"/> .. + <paramref name="rows"/> of a batch buffer with <paramref name="itemSize"/> elements per row, as a fresh array.</summary>
    public static Array Slice(Array buffer, int itemSize, int firstRow, int rows)
    {
        var slice = Array.CreateInstanceFromArrayType(buffer.GetType(), rows * itemSize);
        Array.Copy(buffer, firstRow * itemSize, slice, 0, rows * itemSize);
        return slice;
    }

    /// <summary>Copies a whole message buffer into <paramref name="target"/> after checking its type and length.</summary>
    public static void CopyInto(Array source, Array target, string what) => CopyInto(source, target, 0, target.Length, what);

    /// <summary>Copies a message buffer into <paramref name="length"/> elements of <paramref name="target"/> from <paramref name="offset"/>.</summary>
    public static void CopyInto(Array? source, Array target, int offset, int length, string what)
    {
        if (source is null) throw new InvalidDataException($"The {what} are missing from the runner's message.");
        if (source.GetType() != target.GetType())
            throw new InvalidDataException($"The {what} arrived as {TypeNames.Of(source.GetType())} but must be {TypeNames.Of(target.GetType())}; the silos and the learner run different builds of the env.");
        if (source.Length != length)
            throw new InvalidDataException($"The {what} hold {source.Length} values but {length} were expected; the silos and the learner run different builds of the env.");
        Array.Copy(source, 0, target, offset, length);
    }
}
