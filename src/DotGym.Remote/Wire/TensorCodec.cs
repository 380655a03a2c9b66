using System.Runtime.InteropServices;
using DotGym.Remote.Protocol;
using DotGym.Vector;
using Google.Protobuf;

namespace DotGym.Remote.Wire;

/// <summary>
/// Batches and arrays to and from the wire's <see cref="Tensor"/>: the batch's contiguous buffer as raw little-endian
/// bytes with its dtype and shape, so values arrive bit for bit. A batch travels whole or as a block of rows (one
/// server's share of a combined vector env).
/// </summary>
internal static class TensorCodec
{
    static TensorCodec()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("DotGym's remote protocol sends little-endian bytes; this machine is big-endian.");
    }

    /// <summary>Whether values of <paramref name="buffer"/>'s element type can travel.</summary>
    public static bool CanEncode(Array buffer) => buffer is float[] or double[] or int[] or long[] or byte[] or bool[];

    public static DType DTypeOf(Array buffer) => buffer switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        int[] => DType.Int32,
        long[] => DType.Int64,
        byte[] => DType.Uint8,
        bool[] => DType.Bool,
        _ => throw new NotSupportedException(
            $"Arrays of {TypeNames.Of(buffer.GetType().GetElementType())} cannot travel over the remote protocol; use float32, float64, int32, int64, uint8 or bool."),
    };

    public static int ElementSize(DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        DType.Uint8 or DType.Bool => 1,
        _ => throw new InvalidDataException($"Unknown dtype {dtype} on the wire; the peer speaks another protocol version."),
    };

    /// <summary>The bytes of <paramref name="buffer"/> (no copy).</summary>
    public static Span<byte> Bytes(Array buffer) => buffer switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new NotSupportedException($"Arrays of {TypeNames.Of(buffer.GetType().GetElementType())} cannot travel over the remote protocol."),
    };

    /// <summary>Rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rows"/> of <paramref name="batch"/> as a tensor of shape [rows, ..item].</summary>
    public static Tensor FromBatch<T>(Batch<T> batch, int firstRow, int rows)
    {
        int rowBytes = batch.ItemSize * ElementSize(DTypeOf(batch.Buffer));
        var tensor = new Tensor
        {
            Dtype = DTypeOf(batch.Buffer),
            Data = ByteString.CopyFrom(Bytes(batch.Buffer).Slice(firstRow * rowBytes, rows * rowBytes)),
        };
        tensor.Shape.Add(rows);
        for (int d = 1; d < batch.Shape.Length; d++) tensor.Shape.Add(batch.Shape[d]);
        return tensor;
    }

    /// <summary>The whole of <paramref name="batch"/> as a tensor.</summary>
    public static Tensor FromBatch<T>(Batch<T> batch) => FromBatch(batch, 0, batch.Count);

    /// <summary>
    /// Copies <paramref name="tensor"/> into rows <paramref name="firstRow"/> .. + <paramref name="rows"/> of
    /// <paramref name="batch"/>, after checking its dtype, shape and length (<paramref name="what"/> names it in errors).
    /// </summary>
    public static void CopyInto<T>(Tensor? tensor, Batch<T> batch, int firstRow, int rows, string what)
    {
        if (tensor is null) throw new InvalidDataException($"The {what} are missing from the message.");
        var dtype = DTypeOf(batch.Buffer);
        if (tensor.Dtype != dtype)
            throw new InvalidDataException($"The {what} arrived as {tensor.Dtype} but must be {dtype}.");
        var expected = ExpectedShape(batch, rows);
        if (!tensor.Shape.SequenceEqual(expected))
            throw new InvalidDataException($"The {what} have shape [{string.Join(", ", tensor.Shape)}] but must have shape [{string.Join(", ", expected)}].");
        int rowBytes = batch.ItemSize * ElementSize(dtype);
        if (tensor.Data.Length != rows * rowBytes)
            throw new InvalidDataException($"The {what} carry {tensor.Data.Length} bytes but shape [{string.Join(", ", expected)}] of {dtype} needs {rows * rowBytes}.");
        var target = Bytes(batch.Buffer).Slice(firstRow * rowBytes, rows * rowBytes);
        tensor.Data.Span.CopyTo(target);
        if (dtype == DType.Bool && target.IndexOfAnyExceptInRange((byte)0, (byte)1) >= 0)
            throw new InvalidDataException($"The {what} hold a bool byte other than 0 or 1.");
    }

    private static int[] ExpectedShape<T>(Batch<T> batch, int rows)
    {
        var shape = (int[])batch.Shape.Clone();
        shape[0] = rows;
        return shape;
    }

    /// <summary>A one-dimensional array as a tensor (space bounds, info arrays).</summary>
    public static Tensor FromArray(Array values, int[]? shape = null)
    {
        var tensor = new Tensor { Dtype = DTypeOf(values), Data = ByteString.CopyFrom(Bytes(values)) };
        if (shape is null) tensor.Shape.Add(values.Length);
        else tensor.Shape.Add(shape);
        return tensor;
    }

    /// <summary>A tensor's values as a new array of its dtype (space bounds, info arrays).</summary>
    public static Array ToArray(Tensor tensor, string what)
    {
        long count = 1;
        foreach (int d in tensor.Shape)
        {
            if (d < 0) throw new InvalidDataException($"The {what} have a negative dimension ({d}).");
            count *= d;
        }
        int size = ElementSize(tensor.Dtype);
        if (tensor.Data.Length != count * size)
            throw new InvalidDataException($"The {what} carry {tensor.Data.Length} bytes but shape [{string.Join(", ", tensor.Shape)}] of {tensor.Dtype} needs {count * size}.");
        Array values = tensor.Dtype switch
        {
            DType.Float32 => new float[count],
            DType.Float64 => new double[count],
            DType.Int32 => new int[count],
            DType.Int64 => new long[count],
            DType.Uint8 => new byte[count],
            _ => new bool[count],
        };
        tensor.Data.Span.CopyTo(Bytes(values));
        if (values is bool[] && Bytes(values).IndexOfAnyExceptInRange((byte)0, (byte)1) >= 0)
            throw new InvalidDataException($"The {what} hold a bool byte other than 0 or 1.");
        return values;
    }
}
