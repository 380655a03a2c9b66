using System.Text;

namespace DotGym.Text.Tokenization;

/// <summary>
/// GPT-2's <c>bytes_to_unicode</c>: each byte maps to a printable character (printable Latin-1 bytes to themselves,
/// the rest to U+0100 onwards, e.g. space to 'Ġ'), which is how <c>vocab.json</c> and <c>merges.txt</c> spell byte tokens.
/// </summary>
internal static class Gpt2ByteMap
{
    private static readonly char[] Map = Build();

    private static char[] Build()
    {
        var map = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + extra++);
        }
        return map;
    }

    public static string ToUnicode(ReadOnlySpan<byte> bytes)
    {
        var s = new StringBuilder(bytes.Length);
        foreach (var b in bytes) s.Append(Map[b]);
        return s.ToString();
    }
}
