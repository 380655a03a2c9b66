using DotGym.Rendering;

namespace DotGym.Tests.Rendering;

public class EncoderTests
{
    private static RgbImage Noise(int width, int height, int seed, int colors = 256)
    {
        var random = new System.Random(seed);
        var palette = Enumerable.Range(0, colors).Select(_ => new Rgb((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256))).ToArray();
        var image = new RgbImage(width, height);
        for (int p = 0; p < width * height; p++)
        {
            var c = palette[random.Next(colors)];
            image.Pixels[p * 3] = c.R; image.Pixels[p * 3 + 1] = c.G; image.Pixels[p * 3 + 2] = c.B;
        }
        return image;
    }

    private static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                image.Pixels[i] = (byte)(x * 255 / Math.Max(1, width - 1));
                image.Pixels[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                image.Pixels[i + 2] = (byte)((x + y) * 7);
            }
        return image;
    }

    [Fact]
    public void Crc32MatchesTheKnownCheckValueAndABitwiseReference()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        var data = Noise(10, 10, 1).Pixels;
        Assert.Equal(ImageDecoders.ReferenceCrc(data), Crc32.Compute(data));
        Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, 100)), data.AsSpan(100)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 5)]
    [InlineData(64, 48)]
    public void PngRoundTripsPixelsWithValidChunksAndCrcs(int width, int height)
    {
        foreach (var image in new[] { Noise(width, height, width), Gradient(width, height) })
        {
            var png = PngEncoder.Encode(image);
            var chunks = ImageDecoders.PngChunks(png);
            Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
            Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
            var decoded = ImageDecoders.DecodePng(png);
            Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
            Assert.Equal(image.Pixels, decoded.Pixels);
        }
    }

    [Fact]
    public void PngWriteFileIsAtomicAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("dotgym-png-").FullName;
        try
        {
            var path = Path.Combine(folder, "frame.png");
            PngEncoder.WriteFile(Gradient(8, 8), path);
            PngEncoder.WriteFile(Gradient(9, 9), path); // replaces
            Assert.Equal(["frame.png"], Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal(9, ImageDecoders.DecodePng(File.ReadAllBytes(path)).Width);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 3, 2)]
    [InlineData(40, 30, 5)]
    [InlineData(200, 150, 256)] // enough codes to fill the 4096-entry LZW table several times
    public void GifWithAtMost256ColoursRoundTripsExactly(int width, int height, int colors)
    {
        var frames = Enumerable.Range(0, 3).Select(s => Noise(width, height, s * 31 + colors, colors)).ToArray();
        using var memory = new MemoryStream();
        using (var writer = new GifWriter(memory, width, height, fps: 20, leaveOpen: true))
            foreach (var f in frames) writer.AddFrame(f);
        var gif = ImageDecoders.DecodeGif(memory.ToArray());
        Assert.Equal((width, height, 0), (gif.Width, gif.Height, gif.LoopCount));
        Assert.Equal(3, gif.Frames.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(frames[i].Pixels, gif.Frames[i].Image.Pixels);
            Assert.Equal(5, gif.Frames[i].Delay);
        }
    }

    [Theory]
    [InlineData(GifPalette.MedianCut, 24)]
    [InlineData(GifPalette.Fixed, 40)]
    public void GifOfManyColoursIsQuantisedCloseToTheOriginal(GifPalette palette, int maxMeanError)
    {
        var image = Gradient(120, 90);
        using var memory = new MemoryStream();
        using (var writer = new GifWriter(memory, 120, 90, palette: palette, leaveOpen: true)) writer.AddFrame(image);
        var decoded = ImageDecoders.DecodeGif(memory.ToArray()).Frames.Single().Image;
        double meanError = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < maxMeanError, $"mean channel error {meanError}");
    }

    [Fact]
    public void GifRejectsFramesOfAnotherSize()
    {
        using var writer = new GifWriter(new MemoryStream(), 4, 4);
        var e = Assert.Throws<ArgumentException>(() => writer.AddFrame(new RgbImage(5, 4)));
        Assert.Contains("4x4", e.Message);
    }
}
