namespace DotGym.Envs.GridWorlds;

/// <summary>What a grid cell is, for behaviour and drawing.</summary>
public enum GridCellKind
{
    /// <summary>Walkable ground.</summary>
    Floor,
    /// <summary>Blocks movement: the agent stays where it was.</summary>
    Wall,
    /// <summary>Where episodes begin (walkable).</summary>
    Start,
    /// <summary>A rewarding terminal cell.</summary>
    Goal,
    /// <summary>A terminal trap (FrozenLake's hole).</summary>
    Hole,
    /// <summary>A penalising terminal trap.</summary>
    Lava,
    /// <summary>A terminal exit paying a chosen reward (digits in the default legend).</summary>
    Exit,
}

/// <summary>One cell type of a grid world: its kind, the reward for entering it, and whether entering ends the episode.</summary>
/// <param name="Kind">Behaviour and colour of the cell.</param>
/// <param name="Reward">Reward for moving into the cell (not paid when the agent bumps a wall and stays).</param>
/// <param name="Terminal">Whether entering the cell terminates the episode.</param>
public readonly record struct GridCell(GridCellKind Kind, double Reward = 0, bool Terminal = false)
{
    public bool IsWalkable => Kind != GridCellKind.Wall;

    public static GridCell Floor(double reward = 0) => new(GridCellKind.Floor, reward);
    public static GridCell Wall => new(GridCellKind.Wall);
    public static GridCell Start => new(GridCellKind.Start);
    public static GridCell Goal(double reward = 1) => new(GridCellKind.Goal, reward, Terminal: true);
    public static GridCell Hole(double reward = 0) => new(GridCellKind.Hole, reward, Terminal: true);
    public static GridCell Lava(double reward = -1) => new(GridCellKind.Lava, reward, Terminal: true);
    public static GridCell Exit(double reward) => new(GridCellKind.Exit, reward, Terminal: true);
}
