namespace DotGym.Envs.ClassicControl;

/// <summary>
/// The framing of a classic-control state snapshot: a tag naming the env and a format version, so that loading a
/// snapshot into the wrong env (or an env built with different settings) fails clearly instead of resuming garbage.
/// </summary>
internal static class ClassicControlSnapshot
{
    private const byte FormatVersion = 1;

    public static void WriteHeader(BinaryWriter writer, string envName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(envName);
        writer.Write(FormatVersion);
    }

    public static void ReadHeader(BinaryReader reader, string envName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string tag = reader.ReadString();
        if (tag != envName)
            throw new InvalidDataException($"This snapshot was written by a {tag} env, not {envName}; load it into the kind of env that saved it.");
        byte version = reader.ReadByte();
        if (version != FormatVersion)
            throw new InvalidDataException($"{envName} snapshot format {version} is not supported (expected {FormatVersion}); save it again with this DotGym version.");
    }

    /// <summary>Checks a constructor setting recorded in the snapshot against this env's (they shape every step).</summary>
    public static void EnsureSameSetting<T>(T saved, T current, string envName, string setting) where T : IEquatable<T>
    {
        if (!saved.Equals(current))
            throw new InvalidDataException($"This {envName} snapshot was saved with {setting} = {saved}, but this env has {current}; create the env with the same settings before loading.");
    }

    public static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    public static int? ReadOptionalInt32(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        int value = reader.ReadInt32();
        return has ? value : null;
    }

    public static void WriteOptional(BinaryWriter writer, float? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    public static float? ReadOptionalSingle(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        float value = reader.ReadSingle();
        return has ? value : null;
    }
}
