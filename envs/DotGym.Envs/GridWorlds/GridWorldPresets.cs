namespace DotGym.Envs.GridWorlds;

/// <summary>The maps behind the registered GridWorld ids (default legend: see <see cref="GridLegend"/>).</summary>
public static class GridWorldPresets
{
    /// <summary>
    /// GridWorld-4x4-v0: an open 4×4 room, start top-left, goal bottom-right. Deterministic moves, reward 1 on
    /// reaching the goal and 0 otherwise; the best return is 1 (in 6 steps).
    /// </summary>
    public const string Open4x4 = """
        S...
        ....
        ....
        ...G
        """;

    /// <summary>
    /// GridWorld-Maze-v0: an 8×8 walled maze. Deterministic, −0.01 per step, +1 at the goal; the shortest path
    /// takes 26 steps (best return 0.74; registered threshold 0.7).
    /// </summary>
    public const string Maze = """
        S.#.....
        ..#.##.#
        ..#..#..
        .###.##.
        .....#..
        ##.#.#.#
        ...#.#..
        .#...#.G
        """;

    /// <summary>
    /// GridWorld-LavaSlip-v0: walk from S to G above a lava lake (−1, terminal) while moves slip sideways with
    /// probability 0.2; −0.01 per step, +1 at the goal. The short path along the lava is risky; the safe one climbs away.
    /// </summary>
    public const string LavaSlip = """
        .......
        .......
        S.....G
        LLLLLLL
        """;

    /// <summary>
    /// GridWorld-8x8-v0: an 8×8 field with walls and holes (0, terminal); deterministic, reward 1 at the goal.
    /// The best return is 1 (in 14 steps).
    /// </summary>
    public const string Field8x8 = """
        S.......
        .##..H..
        .#...#..
        .#.H.#..
        ...#....
        .H...##.
        ..#.....
        ....H..G
        """;
}
