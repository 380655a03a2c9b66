namespace DotGym.Cluster.Runners;

/// <summary>
/// Infos as messages: empty infos travel as null (most steps carry none), the others as dictionaries of numbers,
/// strings, arrays of numbers and nested infos. Anything else cannot be serialised between silos and is refused by name.
/// </summary>
internal static class InfoTransfer
{
    /// <summary>The infos to send: null when all are empty, else a copy with null at the empty ones.</summary>
    public static Dictionary<string, object>?[]? Pack(IReadOnlyDictionary<string, object>[] infos)
    {
        Dictionary<string, object>?[]? packed = null;
        for (int i = 0; i < infos.Length; i++)
        {
            if (infos[i] is not { Count: > 0 } info) continue;
            packed ??= new Dictionary<string, object>?[infos.Length];
            packed[i] = Copy(info, $"info of env {i}");
        }
        return packed;
    }

    /// <summary>Writes received infos into rows <paramref name="offset"/> .. of <paramref name="target"/> (empty where none came).</summary>
    public static void Unpack(Dictionary<string, object>?[]? infos, IReadOnlyDictionary<string, object>[] target, int offset, int count)
    {
        if (infos is not null && infos.Length != count)
            throw new InvalidDataException($"The runner sent {infos.Length} infos for {count} envs.");
        for (int j = 0; j < count; j++) target[offset + j] = infos?[j] ?? DotGym.Infos.Empty;
    }

    private static Dictionary<string, object> Copy(IReadOnlyDictionary<string, object> info, string where)
    {
        var copy = new Dictionary<string, object>(info.Count);
        foreach (var (key, value) in info) copy[key] = CopyValue(value, key, where);
        return copy;
    }

    private static object CopyValue(object value, string key, string where) => value switch
    {
        string or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or char => value,
        Array array when array.GetType().GetElementType()!.IsPrimitive && array.Rank == 1 => array.Clone(),
        IReadOnlyDictionary<string, object> nested => Copy(nested, $"{where}[\"{key}\"]"),
        _ => throw new NotSupportedException(
            $"The {where} holds \"{key}\" = a {TypeNames.Of(value.GetType())}, which cannot travel between silos. Put numbers, strings, one-dimensional arrays of numbers or nested infos in infos of envs run on a cluster."),
    };
}
