namespace DotGym.Rendering;

/// <summary>An RGB image, row-major height × width × 3 bytes (numpy's <c>rgb_array</c> layout).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[width * height * 3];
        if (Pixels.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for a {width}x{height} RGB image, got {Pixels.Length}.", nameof(pixels));
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }
}

/// <summary>One rendered frame: text for <c>ansi</c>, an image for <c>rgb_array</c>.</summary>
public sealed class RenderFrame
{
    private RenderFrame(string? text, RgbImage? image)
    {
        Text = text;
        Image = image;
    }

    public string? Text { get; }
    public RgbImage? Image { get; }

    public static RenderFrame FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);
    public static RenderFrame FromImage(RgbImage image) => new(null, image ?? throw new ArgumentNullException(nameof(image)));
}
