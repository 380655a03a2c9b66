using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DotGym.Rlhf.SafeTensors;

/// <summary>
/// Reads the safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>, then the raw data, with offsets
/// relative to the byte after the header. Every inconsistency is a <see cref="SafeTensorsFormatException"/> naming
/// the file and the tensor, because a silently misread checkpoint shows up only as a model that talks nonsense.
/// </summary>
public static class SafeTensorsReader
{
    /// <summary>The format's own cap on the header size (the Rust reference rejects larger headers too).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads a whole file.</summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream; <paramref name="source"/> names it in error messages.</summary>
    public static SafeTensorsFile Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Error(source, $"the file has {fileLength} bytes, fewer than the 8-byte header length that starts every safetensors file.");

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
            throw Error(source, $"bad header length {headerLength}: the file has {fileLength} bytes, so the header must be between 1 and {Math.Min(fileLength - 8, MaxHeaderBytes)} bytes.");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        var (layouts, metadata) = ParseHeader(headerBytes, source);
        CheckLayouts(layouts, dataLength, source);

        var tensors = new List<SafeTensorEntry>(layouts.Count);
        foreach (var layout in layouts.OrderBy(l => l.Begin))
        {
            var data = new byte[layout.End - layout.Begin];
            stream.Seek(dataStart + layout.Begin, SeekOrigin.Begin);
            stream.ReadExactly(data);
            tensors.Add(new SafeTensorEntry(layout.Name, layout.DType, layout.Shape, data));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private sealed record Layout(string Name, SafeTensorDType DType, long[] Shape, long Begin, long End);

    private static (List<Layout>, Dictionary<string, string>) ParseHeader(byte[] headerBytes, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            string preview = Encoding.UTF8.GetString(headerBytes, 0, Math.Min(headerBytes.Length, 80));
            throw Error(source, $"the header is not valid JSON ({e.Message}); it starts with \"{preview}\".");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(source, $"the header must be a JSON object, found {document.RootElement.ValueKind}.");
            var layouts = new List<Layout>();
            var metadata = new Dictionary<string, string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata, source);
                    continue;
                }
                layouts.Add(ReadLayout(property.Name, property.Value, source));
            }
            return (layouts, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Error(source, "__metadata__ must be an object of strings.");
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"__metadata__ value '{entry.Name}' must be a string, found {entry.Value.ValueKind}.");
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static Layout ReadLayout(string name, JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Error(source, $"tensor '{name}': its header entry must be an object with dtype, shape and data_offsets.");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Error(source, $"tensor '{name}' has no dtype string.");
        string dtypeText = dtypeElement.GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeText, out var dtype))
            throw Error(source, $"tensor '{name}' has unknown or unsupported dtype '{dtypeText}'; supported: {SafeTensorDTypes.Supported}.");
        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Error(source, $"tensor '{name}' has no shape array.");
        var shape = new long[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out shape[i]) || shape[i] < 0)
                throw Error(source, $"tensor '{name}' has a shape entry {dim} that is not a non-negative integer.");
            i++;
        }
        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Error(source, $"tensor '{name}' needs data_offsets [begin, end].");
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw Error(source, $"tensor '{name}' has data_offsets {offsets} that are not integers.");
        return new Layout(name, dtype, shape, begin, end);
    }

    private static void CheckLayouts(List<Layout> layouts, long dataLength, string source)
    {
        foreach (var layout in layouts)
        {
            if (layout.Begin < 0 || layout.End < layout.Begin)
                throw Error(source, $"tensor '{layout.Name}' has data_offsets out of range: [{layout.Begin}, {layout.End}] (need 0 <= begin <= end).");
            long needed;
            try
            {
                needed = checked(layout.Shape.Aggregate(1L, (a, b) => checked(a * b)) * SafeTensorDTypes.SizeOf(layout.DType));
            }
            catch (OverflowException)
            {
                throw Error(source, $"tensor '{layout.Name}' has a shape [{string.Join(", ", layout.Shape)}] too large to address.");
            }
            if (layout.End - layout.Begin != needed)
                throw Error(source, $"tensor '{layout.Name}' has data_offsets out of range: [{layout.Begin}, {layout.End}] span {layout.End - layout.Begin} bytes, but {layout.DType} [{string.Join(", ", layout.Shape)}] needs {needed}.");
            if (layout.End > dataLength)
                throw Error(source, $"truncated data: tensor '{layout.Name}' ends at byte {layout.End} of the data section, but only {dataLength} bytes follow the header.");
        }
        Layout? previous = null;
        foreach (var layout in layouts.OrderBy(l => l.Begin))
        {
            if (previous is not null && layout.Begin < previous.End)
                throw Error(source, $"tensors '{previous.Name}' and '{layout.Name}' overlap in the data section ([{previous.Begin}, {previous.End}] and [{layout.Begin}, {layout.End}]).");
            previous = layout;
        }
    }

    private static SafeTensorsFormatException Error(string source, string problem) => new($"Not a valid safetensors file '{source}': {problem}");
}
