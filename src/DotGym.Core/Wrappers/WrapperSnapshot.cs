using System.Runtime.InteropServices;

namespace DotGym.Wrappers;

/// <summary>
/// Binary helpers for wrappers' <c>SaveState</c>/<c>LoadState</c>. Each wrapper writes a tag first, so that restoring
/// into a differently built stack fails with a clear message instead of reading another wrapper's bytes.
/// </summary>
internal static class WrapperSnapshot
{
    public static void WriteTag(BinaryWriter writer, string wrapper) => writer.Write(wrapper);

    public static void ReadTag(BinaryReader reader, string wrapper)
    {
        string found = reader.ReadString();
        if (found != wrapper)
            throw new InvalidDataException($"The snapshot holds {found} state where {wrapper} expected its own; restore into a wrapper stack built exactly like the one that saved it.");
    }

    /// <summary>Writes the length then the values (little-endian, as BinaryWriter writes scalars).</summary>
    public static void WriteValues<T>(BinaryWriter writer, ReadOnlySpan<T> values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads what <see cref="WriteValues{T}"/> wrote into <paramref name="destination"/>, which must have the saved length.</summary>
    public static void ReadValues<T>(BinaryReader reader, Span<T> destination, string wrapper) where T : unmanaged
    {
        int length = reader.ReadInt32();
        if (length != destination.Length)
            throw new InvalidDataException($"The {wrapper} snapshot holds {length} values but this {wrapper} has {destination.Length}; restore into a wrapper stack built exactly like the one that saved it.");
        var bytes = MemoryMarshal.AsBytes(destination);
        while (bytes.Length > 0)
        {
            int read = reader.Read(bytes);
            if (read == 0) throw new EndOfStreamException($"The {wrapper} snapshot ends early.");
            bytes = bytes[read..];
        }
    }
}
