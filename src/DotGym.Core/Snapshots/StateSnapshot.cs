using System.Runtime.InteropServices;

namespace DotGym.Snapshots;

/// <summary>
/// The one framing of every state snapshot in DotGym (envs, wrappers, vector envs, agents' checkpoints): a tag naming
/// the writer (and optionally a format version) first, so that restoring into the wrong object fails with a clear
/// message instead of resuming garbage; length-prefixed values; and length-prefixed nested snapshots, so that one
/// part's reader can never run into the next part's bytes. Little-endian, as <see cref="BinaryWriter"/> writes.
/// </summary>
public static class StateSnapshot
{
    /// <summary>Writes the tag naming the writer (e.g. a wrapper's name).</summary>
    public static void WriteTag(BinaryWriter writer, string tag)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(tag);
    }

    /// <summary>Reads a tag and fails unless it is <paramref name="tag"/>.</summary>
    public static void ReadTag(BinaryReader reader, string tag)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string found = reader.ReadString();
        if (found != tag)
            throw new InvalidDataException($"The snapshot holds {found} state where {tag} expected its own; restore into an object (env, wrapper stack, vector env) built exactly like the one that saved it.");
    }

    /// <summary>Writes the tag and a format version.</summary>
    public static void WriteHeader(BinaryWriter writer, string tag, byte version = 1)
    {
        WriteTag(writer, tag);
        writer.Write(version);
    }

    /// <summary>Reads what <see cref="WriteHeader"/> wrote and checks both the tag and the version.</summary>
    public static void ReadHeader(BinaryReader reader, string tag, byte version = 1)
    {
        ReadTag(reader, tag);
        byte found = reader.ReadByte();
        if (found != version)
            throw new InvalidDataException($"{tag} snapshot format {found} is not supported (expected {version}); save it again with this DotGym version.");
    }

    /// <summary>Checks a construction setting recorded in the snapshot against the current object's.</summary>
    public static void EnsureSameSetting<T>(T saved, T current, string owner, string setting) where T : IEquatable<T>
    {
        if (!saved.Equals(current))
            throw new InvalidDataException($"This {owner} snapshot was saved with {setting} = {saved}, but this one has {current}; create it with the same settings before loading.");
    }

    /// <summary>Writes the length then the values.</summary>
    public static void WriteValues<T>(BinaryWriter writer, ReadOnlySpan<T> values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads what <see cref="WriteValues{T}"/> wrote into <paramref name="destination"/>, which must have the saved length.</summary>
    public static void ReadValues<T>(BinaryReader reader, Span<T> destination, string owner) where T : unmanaged
    {
        int length = reader.ReadInt32();
        if (length != destination.Length)
            throw new InvalidDataException($"The {owner} snapshot holds {length} values but this {owner} has {destination.Length}; restore into one built exactly like the one that saved it.");
        var bytes = MemoryMarshal.AsBytes(destination);
        while (bytes.Length > 0)
        {
            int read = reader.Read(bytes);
            if (read == 0) throw new EndOfStreamException($"The {owner} snapshot ends early.");
            bytes = bytes[read..];
        }
    }

    /// <summary>Reads what <see cref="WriteValues{T}"/> wrote into a new array of at most <paramref name="maxLength"/> values.</summary>
    public static T[] ReadArray<T>(BinaryReader reader, string owner, int maxLength) where T : unmanaged
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > maxLength)
            throw new InvalidDataException($"The {owner} snapshot holds {length} values where at most {maxLength} fit; restore into one built exactly like the one that saved it.");
        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        while (bytes.Length > 0)
        {
            int read = reader.Read(bytes);
            if (read == 0) throw new EndOfStreamException($"The {owner} snapshot ends early.");
            bytes = bytes[read..];
        }
        return values;
    }

    /// <summary>Writes what <paramref name="write"/> writes as one length-prefixed block.</summary>
    public static void WriteFramed(BinaryWriter writer, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(write);
        using var block = new MemoryStream();
        using (var blockWriter = new BinaryWriter(block, System.Text.Encoding.UTF8, leaveOpen: true)) write(blockWriter);
        writer.Write(checked((int)block.Length));
        writer.Write(block.GetBuffer(), 0, (int)block.Length);
    }

    /// <summary>Reads one block written by <see cref="WriteFramed"/> and hands it to <paramref name="read"/>.</summary>
    public static void ReadFramed(BinaryReader reader, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        int length = reader.ReadInt32();
        if (length < 0) throw new InvalidDataException($"A snapshot block claims {length} bytes; the snapshot is corrupt.");
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException("A snapshot block ends early; the snapshot is truncated.");
        using var blockReader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        read(blockReader);
    }

    /// <summary>Writes an optional value (a presence flag, then the value or its default).</summary>
    public static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    /// <summary>Reads what <see cref="WriteOptional(BinaryWriter, int?)"/> wrote.</summary>
    public static int? ReadOptionalInt32(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        int value = reader.ReadInt32();
        return has ? value : null;
    }

    /// <summary>Writes an optional value (a presence flag, then the value or its default).</summary>
    public static void WriteOptional(BinaryWriter writer, float? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    /// <summary>Reads what <see cref="WriteOptional(BinaryWriter, float?)"/> wrote.</summary>
    public static float? ReadOptionalSingle(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        float value = reader.ReadSingle();
        return has ? value : null;
    }

    /// <summary>Writes an optional value (a presence flag, then the value or its default).</summary>
    public static void WriteOptional(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    /// <summary>Reads what <see cref="WriteOptional(BinaryWriter, long?)"/> wrote.</summary>
    public static long? ReadOptionalInt64(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        long value = reader.ReadInt64();
        return has ? value : null;
    }
}
