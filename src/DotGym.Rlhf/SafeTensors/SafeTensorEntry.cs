namespace DotGym.Rlhf.SafeTensors;

/// <summary>One tensor as stored: its name, element type, shape and raw little-endian bytes.</summary>
public sealed record SafeTensorEntry(string Name, SafeTensorDType DType, long[] Shape, byte[] Data)
{
    /// <summary>Number of elements (1 for a scalar, shape []).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));
}
