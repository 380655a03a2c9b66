using System.Buffers.Binary;
using System.IO.Compression;
using DotGym.Rendering;

namespace DotGym.Tests.Rendering;

/// <summary>Minimal, independent PNG and GIF readers used to verify the encoders' output structurally and by pixels.</summary>
public static class ImageDecoders
{
    public sealed record PngChunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    /// <summary>Parses every chunk (checking lengths) after the signature.</summary>
    public static List<PngChunk> PngChunks(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(PngEncoder.Signature), "bad PNG signature");
        var chunks = new List<PngChunk>();
        int offset = 8;
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            uint computed = ReferenceCrc(png.AsSpan(offset + 4, 4 + length));
            chunks.Add(new PngChunk(type, data, stored, computed));
            offset += 12 + length;
        }
        Assert.Equal(png.Length, offset);
        return chunks;
    }

    /// <summary>Bitwise CRC-32, written independently of the table-driven encoder.</summary>
    public static uint ReferenceCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    public static RgbImage DecodePng(byte[] png)
    {
        var chunks = PngChunks(png);
        var header = chunks[0];
        Assert.Equal("IHDR", header.Type);
        int width = BinaryPrimitives.ReadInt32BigEndian(header.Data), height = BinaryPrimitives.ReadInt32BigEndian(header.Data.AsSpan(4));
        Assert.Equal(8, header.Data[8]);
        Assert.Equal(2, header.Data[9]);
        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * 3;
        Assert.Equal((stride + 1) * height, bytes.Length);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 3 ? pixels[y * stride + i - 3] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= 3 && y > 0 ? pixels[(y - 1) * stride + i - 3] : 0;
                int p = a + b - c;
                int paeth = Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c;
                int predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, 4 => paeth, _ => throw new InvalidDataException($"filter {filter}") };
                pixels[y * stride + i] = (byte)(bytes[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        Assert.Equal("IEND", chunks[^1].Type);
        return new RgbImage(width, height, pixels);
    }

    public sealed record GifFile(int Width, int Height, int LoopCount, List<(RgbImage Image, int Delay)> Frames);

    /// <summary>Decodes a GIF written with local colour tables (what <see cref="GifWriter"/> emits).</summary>
    public static GifFile DecodeGif(byte[] gif)
    {
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6));
        int width = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(6)), height = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(8));
        int pos = 13;
        if ((gif[10] & 0x80) != 0) pos += 3 << ((gif[10] & 7) + 1);
        int loop = -1, delay = 0;
        var frames = new List<(RgbImage, int)>();
        while (true)
        {
            byte block = gif[pos++];
            if (block == 0x3B) break;
            if (block == 0x21)
            {
                byte label = gif[pos++];
                if (label == 0xF9) delay = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 2));
                if (label == 0xFF && System.Text.Encoding.ASCII.GetString(gif, pos + 1, 11) == "NETSCAPE2.0")
                    loop = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 14));
                while (gif[pos] != 0) pos += gif[pos] + 1;
                pos++;
                continue;
            }
            Assert.Equal(0x2C, block);
            int w = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 4)), h = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 6));
            byte packed = gif[pos + 8];
            pos += 9;
            Assert.True((packed & 0x80) != 0, "expected a local colour table");
            int tableSize = 1 << ((packed & 7) + 1);
            var palette = gif.AsSpan(pos, tableSize * 3).ToArray();
            pos += tableSize * 3;
            int minCodeSize = gif[pos++];
            var data = new List<byte>();
            while (gif[pos] != 0)
            {
                data.AddRange(gif.AsSpan(pos + 1, gif[pos]).ToArray());
                pos += gif[pos] + 1;
            }
            pos++;
            var indices = LzwDecode(data.ToArray(), minCodeSize, w * h);
            var pixels = new byte[w * h * 3];
            for (int p = 0; p < indices.Length; p++)
            {
                Assert.True(indices[p] < tableSize);
                pixels[p * 3] = palette[indices[p] * 3];
                pixels[p * 3 + 1] = palette[indices[p] * 3 + 1];
                pixels[p * 3 + 2] = palette[indices[p] * 3 + 2];
            }
            frames.Add((new RgbImage(w, h, pixels), delay));
        }
        Assert.Equal(gif.Length, pos);
        return new GifFile(width, height, loop, frames);
    }

    private static byte[] LzwDecode(byte[] data, int minCodeSize, int pixelCount)
    {
        int clear = 1 << minCodeSize, end = clear + 1;
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var length = new int[4096];
        for (int i = 0; i < clear; i++) { suffix[i] = (byte)i; length[i] = 1; prefix[i] = -1; }
        var output = new List<byte>(pixelCount);
        int width = minCodeSize + 1, available = clear + 2, previous = -1;
        long bitPos = 0;
        var scratch = new byte[4096];
        while (true)
        {
            int code = 0;
            for (int k = 0; k < width; k++, bitPos++)
                code |= ((data[bitPos >> 3] >> (int)(bitPos & 7)) & 1) << k;
            if (code == clear) { width = minCodeSize + 1; available = clear + 2; previous = -1; continue; }
            if (code == end) break;
            int emitCode = code;
            byte first;
            if (code < available) first = FirstByte(code);
            else
            {
                Assert.Equal(available, code); // the KwKwK case
                first = FirstByte(previous);
            }
            if (previous >= 0 && available < 4096)
            {
                prefix[available] = previous;
                suffix[available] = first;
                length[available] = length[previous] + 1;
                available++;
                if (available == 1 << width && width < 12) width++;
            }
            int n = length[emitCode];
            for (int c = emitCode, i = n - 1; i >= 0; c = prefix[c], i--) scratch[i] = suffix[c];
            output.AddRange(scratch.AsSpan(0, n).ToArray());
            previous = code;
        }
        Assert.Equal(pixelCount, output.Count);
        return output.ToArray();

        byte FirstByte(int c)
        {
            while (prefix[c] >= 0) c = prefix[c];
            return suffix[c];
        }
    }
}
