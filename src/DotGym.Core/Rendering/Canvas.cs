namespace DotGym.Rendering;

/// <summary>
/// A tiny software rasteriser for env renders (no native dependency): filled rectangles, polygons and circles,
/// and thick lines, on an <see cref="RgbImage"/>. Coordinates are in pixels, y pointing down.
/// </summary>
public sealed class Canvas
{
    public Canvas(int width, int height) => Image = new RgbImage(width, height);

    public RgbImage Image { get; }
    public int Width => Image.Width;
    public int Height => Image.Height;

    public void Clear(Rgb color) => FillRect(0, 0, Width, Height, color);

    public void SetPixel(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = (y * Width + x) * 3;
        Image.Pixels[i] = color.R;
        Image.Pixels[i + 1] = color.G;
        Image.Pixels[i + 2] = color.B;
    }

    /// <summary>Fills the pixels with x in [x0, x1) and y in [y0, y1), clipped to the canvas.</summary>
    public void FillRect(int x0, int y0, int x1, int y1, Rgb color)
    {
        x0 = Math.Max(x0, 0); y0 = Math.Max(y0, 0);
        x1 = Math.Min(x1, Width); y1 = Math.Min(y1, Height);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) SetPixel(x, y, color);
    }

    /// <summary>Fills a polygon (any simple polygon, even-odd rule) sampled at pixel centres.</summary>
    public void FillPolygon(ReadOnlySpan<(double X, double Y)> points, Rgb color)
    {
        if (points.Length < 3) return;
        double minY = double.MaxValue, maxY = double.MinValue;
        foreach (var p in points) { minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y); }
        int yStart = Math.Max(0, (int)Math.Floor(minY)), yEnd = Math.Min(Height - 1, (int)Math.Ceiling(maxY));
        Span<double> crossings = points.Length <= 64 ? stackalloc double[points.Length] : new double[points.Length];
        for (int y = yStart; y <= yEnd; y++)
        {
            double cy = y + 0.5;
            int count = 0;
            for (int i = 0, j = points.Length - 1; i < points.Length; j = i++)
            {
                var (a, b) = (points[i], points[j]);
                if ((a.Y <= cy && b.Y > cy) || (b.Y <= cy && a.Y > cy))
                    crossings[count++] = a.X + (cy - a.Y) / (b.Y - a.Y) * (b.X - a.X);
            }
            var row = crossings[..count];
            row.Sort();
            for (int k = 0; k + 1 < count; k += 2)
            {
                int xs = Math.Max(0, (int)Math.Ceiling(row[k] - 0.5)), xe = Math.Min(Width - 1, (int)Math.Floor(row[k + 1] - 0.5));
                for (int x = xs; x <= xe; x++) SetPixel(x, y, color);
            }
        }
    }

    public void FillCircle(double cx, double cy, double radius, Rgb color)
    {
        int y0 = Math.Max(0, (int)Math.Floor(cy - radius)), y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + radius));
        int x0 = Math.Max(0, (int)Math.Floor(cx - radius)), x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + radius));
        double r2 = radius * radius;
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r2) SetPixel(x, y, color);
            }
    }

    /// <summary>A line of the given thickness, drawn as a filled quadrilateral.</summary>
    public void DrawLine(double xa, double ya, double xb, double yb, double thickness, Rgb color)
    {
        double dx = xb - xa, dy = yb - ya, length = Math.Sqrt(dx * dx + dy * dy);
        if (length == 0) { FillCircle(xa, ya, thickness / 2, color); return; }
        double nx = -dy / length * thickness / 2, ny = dx / length * thickness / 2;
        ReadOnlySpan<(double, double)> quad = [(xa + nx, ya + ny), (xb + nx, yb + ny), (xb - nx, yb - ny), (xa - nx, ya - ny)];
        FillPolygon(quad, color);
    }
}

/// <summary>An 8-bit RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb Black = new(0, 0, 0);
}
