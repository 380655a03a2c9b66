using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DotGym.Rendering;

namespace DotGym.Text.Tokenization;

/// <summary>
/// Writing and reading the small JSON files DotGym's tokenizers save to. Written with <see cref="Utf8JsonWriter"/>
/// and read with <see cref="JsonDocument"/> (no reflection-based serialization, so it stays trimming/NativeAOT-safe).
/// </summary>
internal static class TokenizerFile
{
    /// <summary>The canonical UTF-8 JSON <paramref name="write"/> produces (also what the fingerprint hashes).</summary>
    public static byte[] ToJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            write(writer);
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="json"/> to a temporary file that replaces <paramref name="path"/> only when complete.</summary>
    public static void WriteAtomically(string path, byte[] json)
    {
        using var file = new AtomicFile(path);
        file.Stream.Write(json);
        file.Commit();
    }

    /// <summary>The first 16 hex digits of the SHA-256 of <paramref name="json"/>: a stable content id for descriptions.</summary>
    public static string Fingerprint(byte[] json) => Convert.ToHexStringLower(SHA256.HashData(json))[..16];

    /// <summary>Parses <paramref name="path"/> and checks its "type" and "version".</summary>
    public static JsonDocument Open(string path, string type, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No tokenizer file at '{path}'.", path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw TokenizerErrors.Malformed(path, e.Message); }
        var root = doc.RootElement;
        string? actual = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (actual != type) { doc.Dispose(); throw TokenizerErrors.Malformed(path, $"its \"type\" is {actual ?? "missing"}, expected \"{type}\""); }
        if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != version)
        {
            doc.Dispose();
            throw TokenizerErrors.Malformed(path, $"it has no \"version\" {version} (this DotGym reads version {version})");
        }
        return doc;
    }

    /// <summary>A required string property, with a clear error naming the file.</summary>
    public static string String(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw TokenizerErrors.Malformed(path, $"it has no string \"{name}\"");

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
