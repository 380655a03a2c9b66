using System.Buffers.Binary;
using System.IO.Compression;

namespace DotGym.Rendering;

/// <summary>
/// Encodes <see cref="RgbImage"/>s as 8-bit truecolour PNG files (no dependency: zlib via
/// <see cref="ZLibStream"/>, CRC via <see cref="Crc32"/>). Each row uses the PNG filter with the smallest sum of
/// absolute differences, the usual heuristic for compact files.
/// </summary>
public static class PngEncoder
{
    /// <summary>The 8-byte PNG signature.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbImage image, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var memory = new MemoryStream();
        Write(image, memory, level);
        return memory.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteFile(RgbImage image, string path, CompressionLevel level = CompressionLevel.Optimal) =>
        AtomicFile.Write(path, stream => Write(image, stream, level));

    public static void Write(RgbImage image, Stream stream, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour RGB
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(stream, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, level, leaveOpen: true)) WriteFilteredRows(image, zlib);
            WriteChunk(stream, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(stream, "IEND", []);
    }

    private static void WriteFilteredRows(RgbImage image, Stream output)
    {
        const int bpp = 3;
        int stride = image.Width * bpp;
        var previous = new byte[stride]; // the row above the first is zeros
        var candidates = new byte[5][];
        for (int f = 0; f < 5; f++) candidates[f] = new byte[stride + 1];
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.Pixels.AsSpan(y * stride, stride);
            int best = 0;
            long bestScore = long.MaxValue;
            for (int filter = 0; filter < 5; filter++)
            {
                var line = candidates[filter];
                line[0] = (byte)filter;
                long score = 0;
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                    int predicted = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) };
                    byte value = (byte)(row[i] - predicted);
                    line[i + 1] = value;
                    score += value < 128 ? value : 256 - value;
                }
                if (score < bestScore) (bestScore, best) = (score, filter);
            }
            output.Write(candidates[best]);
            row.CopyTo(previous);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++) typeBytes[i] = (byte)type[i];
        stream.Write(typeBytes);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        stream.Write(word);
    }
}
