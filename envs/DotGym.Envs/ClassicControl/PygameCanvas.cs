using DotGym.Rendering;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// A <see cref="Canvas"/> addressed like Gymnasium's pygame surfaces before their final vertical flip: y points up
/// from the bottom edge. Lets each env's renderer keep Gymnasium's geometry line for line.
/// </summary>
internal sealed class PygameCanvas
{
    private readonly Canvas _canvas;

    public PygameCanvas(int width, int height)
    {
        _canvas = new Canvas(width, height);
        _canvas.Clear(Rgb.White);
    }

    public int Width => _canvas.Width;
    public int Height => _canvas.Height;

    /// <summary>pygame's <c>Vector2.rotate_rad</c>: counter-clockwise rotation in y-up coordinates.</summary>
    public static (double X, double Y) Rotate(double x, double y, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return (x * c - y * s, x * s + y * c);
    }

    public void FillPolygon(ReadOnlySpan<(double X, double Y)> points, Rgb color)
    {
        Span<(double X, double Y)> flipped = stackalloc (double, double)[points.Length];
        for (int i = 0; i < points.Length; i++) flipped[i] = (points[i].X, Height - points[i].Y);
        _canvas.FillPolygon(flipped, color);
    }

    public void FillCircle(double x, double y, double radius, Rgb color) => _canvas.FillCircle(x, Height - y, radius, color);

    public void DrawLine(double xa, double ya, double xb, double yb, double thickness, Rgb color) =>
        _canvas.DrawLine(xa, Height - ya, xb, Height - yb, thickness, color);

    /// <summary>A one-pixel horizontal line on pygame row <paramref name="y"/> (rows are mirrored by the flip).</summary>
    public void HorizontalLine(int x0, int x1, int y, Rgb color) => _canvas.FillRect(x0, Height - 1 - y, x1 + 1, Height - y, color);

    /// <summary>A one-pixel vertical line from pygame row <paramref name="y0"/> to <paramref name="y1"/> inclusive.</summary>
    public void VerticalLine(int x, int y0, int y1, Rgb color) =>
        _canvas.FillRect(x, Height - 1 - Math.Max(y0, y1), x + 1, Height - Math.Min(y0, y1), color);

    public RenderFrame ToFrame() => RenderFrame.FromImage(_canvas.Image);
}
