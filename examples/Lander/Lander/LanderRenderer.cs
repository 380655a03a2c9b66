using DotGym.Rendering;

namespace Lander;

/// <summary>Draws the lander with Core's <see cref="Canvas"/>: night sky, ground, the yellow pad, the craft and its engine flames.</summary>
public static class LanderRenderer
{
    public const int Width = 240, Height = 160;
    private const int GroundY = Height - 16;
    private const double Scale = Width / (2 * LanderPhysics.FieldHalfWidth); // pixels per unit
    private static readonly Rgb Sky = new(18, 22, 48), Ground = new(92, 84, 70), Pad = new(240, 200, 40),
        Hull = new(210, 214, 224), Window = new(80, 160, 230), Flame = new(255, 140, 30);

    public static RgbImage Draw(LanderPhysics game)
    {
        var canvas = new Canvas(Width, Height);
        canvas.Clear(Sky);
        canvas.FillRect(0, GroundY, Width, Height, Ground);
        canvas.FillRect(ScreenX(-LanderPhysics.PadHalfWidth), GroundY - 2, ScreenX(LanderPhysics.PadHalfWidth), GroundY + 1, Pad);

        double cx = ScreenX(game.X), bottom = GroundY - game.Y * Scale;
        ReadOnlySpan<(double, double)> hull = [(cx - 8, bottom - 4), (cx - 6, bottom - 14), (cx + 6, bottom - 14), (cx + 8, bottom - 4)];
        canvas.FillPolygon(hull, Hull);
        canvas.DrawLine(cx - 7, bottom - 4, cx - 10, bottom, 1.5, Hull);   // legs
        canvas.DrawLine(cx + 7, bottom - 4, cx + 10, bottom, 1.5, Hull);
        canvas.FillCircle(cx, bottom - 10, 2.5, Window);
        switch (game.LastControl)
        {
            case LanderPhysics.Control.Main:
                canvas.FillPolygon([(cx - 4, bottom - 4), (cx + 4, bottom - 4), (cx, bottom + 6)], Flame);
                break;
            case LanderPhysics.Control.PushLeft:   // the right thruster fires, pushing left
                canvas.FillPolygon([(cx + 7, bottom - 12), (cx + 7, bottom - 8), (cx + 14, bottom - 10)], Flame);
                break;
            case LanderPhysics.Control.PushRight:
                canvas.FillPolygon([(cx - 7, bottom - 12), (cx - 7, bottom - 8), (cx - 14, bottom - 10)], Flame);
                break;
        }
        return canvas.Image;
    }

    private static int ScreenX(double x) => (int)Math.Round(Width / 2.0 + x * Scale);
}
