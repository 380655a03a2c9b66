using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.SafeTensors;

/// <summary>
/// Moves tensors between TorchSharp and safetensors: F32, F16 and BF16 are read into float32 (the model computes in
/// float32), I64 and I32 keep their type. Writing stores float32, int64 and int32 tensors as they are.
/// </summary>
public static class SafeTensorsTorch
{
    /// <summary>Reads a file into CPU tensors by name, plus its metadata. The caller owns (and disposes) the tensors.</summary>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        var file = SafeTensorsReader.Read(path);
        var tensors = new Dictionary<string, Tensor>(file.Tensors.Count);
        foreach (var entry in file.Tensors) tensors[entry.Name] = ToTensor(entry);
        return (tensors, file.Metadata);
    }

    /// <summary>Writes tensors (sorted by name, so the same state gives the same bytes) and metadata, atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => ToEntry(t.Key, t.Value)).ToList();
        SafeTensorsWriter.Write(path, entries, metadata);
    }

    /// <summary>Converts one stored tensor into a CPU tensor (float32 for every float type).</summary>
    public static Tensor ToTensor(SafeTensorEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EnsureLittleEndianHost();
        ReadOnlySpan<byte> bytes = entry.Data;
        return entry.DType switch
        {
            SafeTensorDType.F32 => torch.tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), entry.Shape),
            SafeTensorDType.F16 => torch.tensor(HalfToSingle(MemoryMarshal.Cast<byte, Half>(bytes)), entry.Shape),
            SafeTensorDType.BF16 => torch.tensor(BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes)), entry.Shape),
            SafeTensorDType.I64 => torch.tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), entry.Shape),
            SafeTensorDType.I32 => torch.tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), entry.Shape),
            _ => throw new NotSupportedException($"dtype {entry.DType}"),
        };
    }

    /// <summary>Converts a tensor (any device) into a stored entry; float32, int64 and int32 only.</summary>
    public static SafeTensorEntry ToEntry(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        EnsureLittleEndianHost();
        using var cpu = tensor.detach().cpu().contiguous();
        long[] shape = cpu.shape;
        return cpu.dtype switch
        {
            ScalarType.Float32 => new(name, SafeTensorDType.F32, shape, MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int64 => new(name, SafeTensorDType.I64, shape, MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int32 => new(name, SafeTensorDType.I32, shape, MemoryMarshal.AsBytes(cpu.data<int>().ToArray().AsSpan()).ToArray()),
            _ => throw new NotSupportedException($"Tensor '{name}' is {cpu.dtype}; only float32, int64 and int32 tensors are written."),
        };
    }

    private static float[] HalfToSingle(ReadOnlySpan<Half> source)
    {
        var result = new float[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = (float)source[i];
        return result;
    }

    private static float[] BFloat16ToSingle(ReadOnlySpan<ushort> source)
    {
        // bfloat16 is the top 16 bits of a float32, so widening is a shift: exact, NaN and infinity included.
        var result = new float[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
        return result;
    }

    private static void EnsureLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this host is big-endian.");
    }
}
