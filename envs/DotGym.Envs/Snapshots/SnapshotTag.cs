namespace DotGym.Envs.Snapshots;

/// <summary>
/// The few bytes that open each built-in env's snapshot: the env's name, a format version and a shape number (state
/// count, cell count...). Loading a snapshot into the wrong env, or into one built differently, then fails with a
/// clear message instead of silently restoring garbage.
/// </summary>
internal static class SnapshotTag
{
    public static void Write(BinaryWriter writer, string envName, int version, int shape)
    {
        writer.Write(envName);
        writer.Write(version);
        writer.Write(shape);
    }

    public static void Expect(BinaryReader reader, string envName, int version, int shape)
    {
        string found = reader.ReadString();
        if (found != envName)
            throw new InvalidDataException($"This snapshot was saved by {found}, not {envName}; restore it into the same kind of env that saved it.");
        int foundVersion = reader.ReadInt32();
        if (foundVersion != version)
            throw new InvalidDataException($"{envName} snapshot format {foundVersion} is not supported (this build reads format {version}).");
        int foundShape = reader.ReadInt32();
        if (foundShape != shape)
            throw new InvalidDataException($"This {envName} snapshot is for an env of size {foundShape}, but this one has size {shape}; build the env with the same arguments before restoring.");
    }

    /// <summary>Reads an int and checks it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ReadInt(BinaryReader reader, string envName, string field, int min, int max)
    {
        int value = reader.ReadInt32();
        if (value < min || value > max)
            throw new InvalidDataException($"Corrupt {envName} snapshot: {field} is {value}, outside [{min}, {max}].");
        return value;
    }

    /// <summary>Writes a nullable action as a presence flag and a value.</summary>
    public static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value ?? 0);
    }

    public static int? ReadOptional(BinaryReader reader, string envName, string field, int min, int max)
    {
        bool present = reader.ReadBoolean();
        int value = reader.ReadInt32();
        if (!present) return null;
        if (value < min || value > max)
            throw new InvalidDataException($"Corrupt {envName} snapshot: {field} is {value}, outside [{min}, {max}].");
        return value;
    }
}
