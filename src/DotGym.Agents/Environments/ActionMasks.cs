using System.Collections;

namespace DotGym.Agents.Environments;

/// <summary>Reads Gymnasium-style <c>info["action_mask"]</c> values of the usual element types.</summary>
internal static class ActionMasks
{
    public static void Copy(object value, Span<byte> mask)
    {
        switch (value)
        {
            case byte[] bytes: CheckLength(bytes.Length, mask); bytes.CopyTo(mask); break;
            case ReadOnlyMemory<byte> memory: CheckLength(memory.Length, mask); memory.Span.CopyTo(mask); break;
            case Memory<byte> memory: CheckLength(memory.Length, mask); memory.Span.CopyTo(mask); break;
            case sbyte[] s: CheckLength(s.Length, mask); for (int i = 0; i < s.Length; i++) mask[i] = s[i] != 0 ? (byte)1 : (byte)0; break;
            case bool[] b: CheckLength(b.Length, mask); for (int i = 0; i < b.Length; i++) mask[i] = b[i] ? (byte)1 : (byte)0; break;
            case int[] n: CheckLength(n.Length, mask); for (int i = 0; i < n.Length; i++) mask[i] = n[i] != 0 ? (byte)1 : (byte)0; break;
            case long[] l: CheckLength(l.Length, mask); for (int i = 0; i < l.Length; i++) mask[i] = l[i] != 0 ? (byte)1 : (byte)0; break;
            case IEnumerable items and not string:
                int k = 0;
                foreach (var item in items)
                {
                    if (k >= mask.Length) CheckLength(k + 1, mask);
                    mask[k++] = Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture) != 0 ? (byte)1 : (byte)0;
                }
                CheckLength(k, mask);
                break;
            default:
                throw new InvalidOperationException($"info[\"action_mask\"] is a {TypeNames.OfValue(value)}; the agents read byte[], sbyte[], bool[], int[] or long[] masks (1 = legal).");
        }
        bool any = false;
        foreach (var m in mask) any |= m != 0;
        if (!any) throw new InvalidOperationException("The env's action mask allows no action at all; a masked policy needs at least one legal action per state.");
    }

    private static void CheckLength(int length, Span<byte> mask)
    {
        if (length != mask.Length)
            throw new InvalidOperationException($"info[\"action_mask\"] has {length} entries but the action space needs {mask.Length} (one per discrete choice, concatenated for MultiDiscrete).");
    }
}
