using System.Globalization;
using DotGym.Rendering;

namespace DotGym.Envs.ClassicControl;

/// <summary>The mountain-car picture shared by MountainCar-v0 and MountainCarContinuous-v0 (Gymnasium's geometry).</summary>
internal static class MountainCarDrawing
{
    public const double MinPosition = -1.2;
    public const double MaxPosition = 0.6;
    private const int ScreenWidth = 600;
    private const int ScreenHeight = 400;

    private static double Height(double x) => Math.Sin(3 * x) * 0.45 + 0.55;

    public static RenderFrame Image(double position, double goalPosition)
    {
        const double scale = ScreenWidth / (MaxPosition - MinPosition);
        const double carWidth = 40, carHeight = 20, clearance = 10;
        var canvas = new PygameCanvas(ScreenWidth, ScreenHeight);

        // The hill: 100 samples of sin(3x), joined by thin lines.
        double previousX = 0, previousY = 0;
        for (int i = 0; i < 100; i++)
        {
            double x = MinPosition + (MaxPosition - MinPosition) * i / 99;
            double px = (x - MinPosition) * scale, py = Height(x) * scale;
            if (i > 0) canvas.DrawLine(previousX, previousY, px, py, 1.5, Rgb.Black);
            (previousX, previousY) = (px, py);
        }

        // The car, tilted by cos(3 * position) like Gymnasium's, with two wheels.
        double angle = Math.Cos(3 * position);
        double baseX = (position - MinPosition) * scale, baseY = clearance + Height(position) * scale;
        double l = -carWidth / 2, r = carWidth / 2, t = carHeight, b = 0;
        Span<(double X, double Y)> car = [(l, b), (l, t), (r, t), (r, b)];
        for (int i = 0; i < car.Length; i++)
        {
            var (cx, cy) = PygameCanvas.Rotate(car[i].X, car[i].Y, angle);
            car[i] = (cx + baseX, cy + baseY);
        }
        canvas.FillPolygon(car, Rgb.Black);
        foreach (double wheelX in (ReadOnlySpan<double>)[carWidth / 4, -carWidth / 4])
        {
            var (wx, wy) = PygameCanvas.Rotate(wheelX, 0, angle);
            canvas.FillCircle((int)(wx + baseX), (int)(wy + baseY), (int)(carHeight / 2.5), new Rgb(128, 128, 128));
        }

        // The goal flag.
        int flagX = (int)((goalPosition - MinPosition) * scale);
        int flagY1 = (int)(Height(goalPosition) * scale);
        int flagY2 = flagY1 + 50;
        canvas.VerticalLine(flagX, flagY1, flagY2, Rgb.Black);
        ReadOnlySpan<(double, double)> flag = [(flagX, flagY2), (flagX, flagY2 - 10), (flagX + 25, flagY2 - 5)];
        canvas.FillPolygon(flag, new Rgb(204, 204, 0));
        return canvas.ToFrame();
    }

    /// <summary>A text line: the track from -1.2 to 0.6 with the car ('C') and the goal ('G').</summary>
    public static string Text(double position, double velocity, double goalPosition)
    {
        const int cells = 37;
        static int Cell(double x) => (int)Math.Round((Math.Clamp(x, MinPosition, MaxPosition) - MinPosition) / (MaxPosition - MinPosition) * (cells - 1));
        var track = new string('.', cells).ToCharArray();
        track[Cell(goalPosition)] = 'G';
        track[Cell(position)] = 'C';
        return string.Create(CultureInfo.InvariantCulture, $"[{new string(track)}]  position={position:+0.0000;-0.0000} velocity={velocity:+0.00000;-0.00000}");
    }
}
