namespace DotGym.Rendering;

/// <summary>How <see cref="GifWriter"/> picks each frame's 256-colour palette.</summary>
public enum GifPalette
{
    /// <summary>
    /// The frame's exact colours when it has at most 256 (typical for env renders), otherwise a median-cut palette
    /// of its colour histogram (5 bits per channel).
    /// </summary>
    MedianCut,
    /// <summary>A fixed 3-3-2 bit uniform palette: fastest, with visible banding on gradients.</summary>
    Fixed,
}

/// <summary>Maps one RGB frame to palette indices (reuses its buffers across frames).</summary>
internal sealed class GifQuantizer
{
    private const int HashSize = 1024; // open addressing for up to 256 exact colours
    private readonly int[] _hashKeys = new int[HashSize];
    private readonly byte[] _hashValues = new byte[HashSize];
    private readonly int[] _histogram = new int[1 << 15];
    private readonly byte[] _binToIndex = new byte[1 << 15];
    private readonly int[] _bins = new int[1 << 15];

    /// <summary>Palette of the last frame, RGB triples.</summary>
    public byte[] Palette { get; } = new byte[256 * 3];
    public int ColorCount { get; private set; }

    public void Quantize(RgbImage image, GifPalette mode, byte[] indices)
    {
        var pixels = image.Pixels;
        int count = image.Width * image.Height;
        if (mode == GifPalette.Fixed)
        {
            BuildFixedPalette();
            for (int p = 0, i = 0; p < count; p++, i += 3)
                indices[p] = (byte)((pixels[i] & 0xE0) | ((pixels[i + 1] & 0xE0) >> 3) | (pixels[i + 2] >> 6));
            return;
        }
        if (TryExact(pixels, count, indices)) return;
        MedianCut(pixels, count, indices);
    }

    private void BuildFixedPalette()
    {
        for (int c = 0; c < 256; c++)
        {
            Palette[c * 3] = (byte)((c >> 5) * 255 / 7);
            Palette[c * 3 + 1] = (byte)(((c >> 2) & 7) * 255 / 7);
            Palette[c * 3 + 2] = (byte)((c & 3) * 255 / 3);
        }
        ColorCount = 256;
    }

    private bool TryExact(byte[] pixels, int count, byte[] indices)
    {
        Array.Fill(_hashKeys, -1);
        int colors = 0;
        for (int p = 0, i = 0; p < count; p++, i += 3)
        {
            int key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
            int slot = (int)((uint)(key * -1640531535) >> 22); // Fibonacci hash into 1024 slots
            while (_hashKeys[slot] != -1 && _hashKeys[slot] != key) slot = (slot + 1) & (HashSize - 1);
            if (_hashKeys[slot] == -1)
            {
                if (colors == 256) return false;
                _hashKeys[slot] = key;
                _hashValues[slot] = (byte)colors;
                Palette[colors * 3] = pixels[i];
                Palette[colors * 3 + 1] = pixels[i + 1];
                Palette[colors * 3 + 2] = pixels[i + 2];
                colors++;
            }
            indices[p] = _hashValues[slot];
        }
        ColorCount = colors;
        return true;
    }

    private static int Bin(byte r, byte g, byte b) => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);

    private void MedianCut(byte[] pixels, int count, byte[] indices)
    {
        Array.Clear(_histogram);
        for (int i = 0; i < count * 3; i += 3) _histogram[Bin(pixels[i], pixels[i + 1], pixels[i + 2])]++;
        int used = 0;
        for (int bin = 0; bin < _histogram.Length; bin++)
            if (_histogram[bin] > 0) _bins[used++] = bin;

        // Boxes are ranges [start, end) of _bins; split the most populous splittable box along its widest channel.
        Span<(int Start, int End, long Population)> boxes = stackalloc (int, int, long)[256];
        boxes[0] = (0, used, count);
        int boxCount = 1;
        while (boxCount < 256)
        {
            int pick = -1;
            long pickPopulation = 0;
            for (int k = 0; k < boxCount; k++)
            {
                var (s, e, population) = boxes[k];
                if (e - s >= 2 && population > pickPopulation) (pick, pickPopulation) = (k, population);
            }
            if (pick < 0) break;
            var (start, end, _) = boxes[pick];
            int shift = WidestChannelShift(start, end);
            Array.Sort(_bins, start, end - start, Comparer<int>.Create((x, y) => ((x >> shift) & 31).CompareTo((y >> shift) & 31)));
            long half = pickPopulation / 2, running = 0;
            int split = start + 1;
            for (int j = start; j < end - 1; j++)
            {
                running += _histogram[_bins[j]];
                split = j + 1;
                if (running >= half) break;
            }
            boxes[pick] = (start, split, running);
            boxes[boxCount++] = (split, end, pickPopulation - running);
        }

        for (int k = 0; k < boxCount; k++)
        {
            long r = 0, g = 0, b = 0, n = 0;
            var (s, e, _) = boxes[k];
            for (int j = s; j < e; j++)
            {
                int bin = _bins[j], weight = _histogram[bin];
                r += ((bin >> 10) & 31) * weight;
                g += ((bin >> 5) & 31) * weight;
                b += (bin & 31) * weight;
                n += weight;
                _binToIndex[bin] = (byte)k;
            }
            n = Math.Max(n, 1);
            // Bin centres: value v of 5 bits covers 8v..8v+7.
            Palette[k * 3] = (byte)Math.Min(255, (r * 8 + n * 4) / n);
            Palette[k * 3 + 1] = (byte)Math.Min(255, (g * 8 + n * 4) / n);
            Palette[k * 3 + 2] = (byte)Math.Min(255, (b * 8 + n * 4) / n);
        }
        ColorCount = boxCount;
        for (int p = 0, i = 0; p < count; p++, i += 3) indices[p] = _binToIndex[Bin(pixels[i], pixels[i + 1], pixels[i + 2])];
    }

    private int WidestChannelShift(int start, int end)
    {
        Span<int> min = [31, 31, 31], max = [0, 0, 0];
        for (int j = start; j < end; j++)
        {
            int bin = _bins[j];
            for (int c = 0; c < 3; c++)
            {
                int v = (bin >> (10 - 5 * c)) & 31;
                min[c] = Math.Min(min[c], v);
                max[c] = Math.Max(max[c], v);
            }
        }
        int widest = 0;
        for (int c = 1; c < 3; c++) if (max[c] - min[c] > max[widest] - min[widest]) widest = c;
        return 10 - 5 * widest;
    }
}
