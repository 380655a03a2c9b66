using DotGym.Rendering;

namespace DotGym.Envs.GridWorlds;

/// <summary>Draws a grid world as coloured cells with the agent as a blue disc (rgb_array render).</summary>
internal static class GridWorldPainter
{
    private static readonly Rgb GridLine = new(160, 160, 160);
    private static readonly Rgb Agent = new(30, 90, 220);

    public static RgbImage Paint(GridMap map, int agentIndex)
    {
        // Cells of 8-48 px, aiming at a picture about 512 px on its long side.
        int cell = Math.Clamp(512 / Math.Max(map.Width, map.Height), 8, 48);
        var canvas = new Canvas(map.Width * cell, map.Height * cell);
        canvas.Clear(GridLine);
        for (int i = 0; i < map.CellCount; i++)
        {
            int x = i % map.Width * cell, y = i / map.Width * cell;
            canvas.FillRect(x + 1, y + 1, x + cell - 1, y + cell - 1, ColorOf(map[i]));
            if (i == agentIndex) canvas.FillCircle(x + cell / 2.0, y + cell / 2.0, cell * 0.32, Agent);
        }
        return canvas.Image;
    }

    private static Rgb ColorOf(GridCell cell) => cell.Kind switch
    {
        GridCellKind.Wall => new Rgb(60, 60, 60),
        GridCellKind.Start => new Rgb(200, 220, 255),
        GridCellKind.Goal => new Rgb(60, 190, 80),
        GridCellKind.Hole => new Rgb(20, 30, 70),
        GridCellKind.Lava => new Rgb(230, 90, 20),
        GridCellKind.Exit => cell.Reward > 0 ? new Rgb(230, 200, 40) : new Rgb(170, 60, 160),
        _ => cell.Reward > 0 ? new Rgb(250, 245, 200) : cell.Reward < 0 ? new Rgb(250, 215, 215) : new Rgb(245, 245, 245),
    };
}
