using DotGym.Remote.Protocol;

namespace DotGym.Remote.Wire;

/// <summary>
/// Info dictionaries to and from the wire: numbers (double), integers (int64), flags, text and one-dimensional arrays
/// of the tensor dtypes (e.g. <c>"action_mask"</c>). Other values stay on the server, with one warning per key.
/// </summary>
internal static class InfoCodec
{
    public const string WarningSource = "DotGym.Remote";

    /// <summary>Appends one Info per env to <paramref name="target"/>, or none when every info is empty.</summary>
    public static void EncodeAll(IReadOnlyList<IReadOnlyDictionary<string, object>> infos, int first, int count, Google.Protobuf.Collections.RepeatedField<Info> target)
    {
        bool any = false;
        for (int i = first; i < first + count && !any; i++) any = infos[i].Count > 0;
        if (!any) return;
        for (int i = first; i < first + count; i++) target.Add(Encode(infos[i]));
    }

    public static Info Encode(IReadOnlyDictionary<string, object> info)
    {
        var encoded = new Info();
        foreach (var (key, value) in info)
        {
            Value? wire = value switch
            {
                double d => new Value { Number = d },
                float f => new Value { Number = f },
                int n => new Value { Integer = n },
                long n => new Value { Integer = n },
                bool b => new Value { Flag = b },
                string s => new Value { Text = s },
                Array a when TensorCodec.CanEncode(a) && a.Rank == 1 => new Value { Array = TensorCodec.FromArray(a) },
                _ => null,
            };
            if (wire is not null) encoded.Entries[key] = wire;
            else DotGymWarnings.Warn(WarningSource,
                $"info[\"{key}\"] holds a {TypeNames.OfValue(value)}, which does not travel to remote trainers (numbers, integers, bools, strings and 1-D arrays do); it is left out.",
                kind: "info:" + key);
        }
        return encoded;
    }

    /// <summary>Writes the decoded infos into rows <paramref name="first"/>.. of <paramref name="target"/> (empty rows when none came).</summary>
    public static void DecodeAll(Google.Protobuf.Collections.RepeatedField<Info> infos, IReadOnlyDictionary<string, object>[] target, int first, int count, string what)
    {
        if (infos.Count == 0)
        {
            Array.Fill(target, Infos.Empty, first, count);
            return;
        }
        if (infos.Count != count) throw new InvalidDataException($"The {what} has {infos.Count} infos for {count} envs; send one per env or none.");
        for (int i = 0; i < count; i++) target[first + i] = Decode(infos[i], what);
    }

    public static IReadOnlyDictionary<string, object> Decode(Info info, string what)
    {
        if (info.Entries.Count == 0) return Infos.Empty;
        var decoded = new Dictionary<string, object>(info.Entries.Count);
        foreach (var (key, value) in info.Entries)
        {
            decoded[key] = value.KindCase switch
            {
                Value.KindOneofCase.Number => value.Number,
                Value.KindOneofCase.Integer => value.Integer,
                Value.KindOneofCase.Flag => value.Flag,
                Value.KindOneofCase.Text => value.Text,
                Value.KindOneofCase.Array => TensorCodec.ToArray(value.Array, $"{what}'s info[\"{key}\"]"),
                _ => throw new InvalidDataException($"The {what}'s info[\"{key}\"] has no value."),
            };
        }
        return decoded;
    }
}
