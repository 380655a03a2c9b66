using DotGym.Rendering;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DotGym.Rlhf.SafeTensors;

/// <summary>
/// Writes the safetensors format. The file is written to a temporary sibling and then moved over the target, so a
/// crash or a full disk never leaves a half-written checkpoint under the real name.
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (in the given order) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        AtomicFile.Write(path, stream => Write(stream, list, metadata));
    }

    /// <summary>Writes the format to a stream.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        byte[] header = BuildHeader(tensors, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in tensors) stream.Write(tensor.Data);
    }

    private static byte[] BuildHeader(IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                if (tensor.Name == "__metadata__" || !names.Add(tensor.Name))
                    throw new ArgumentException($"Tensor name '{tensor.Name}' is reserved or used twice.", nameof(tensors));
                long expected = tensor.ElementCount * SafeTensorDTypes.SizeOf(tensor.DType);
                if (tensor.Data.Length != expected)
                    throw new ArgumentException($"Tensor '{tensor.Name}' has {tensor.Data.Length} bytes, but {tensor.DType} [{string.Join(", ", tensor.Shape)}] needs {expected}.", nameof(tensors));
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToString());
                json.WriteStartArray("shape");
                foreach (long dim in tensor.Shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + expected);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += expected;
            }
            json.WriteEndObject();
        }
        // Pad with spaces to a multiple of 8 so the data section is 8-byte aligned, as the reference writer does.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
