namespace DotGym.Envs.GridWorlds;

/// <summary>A grid map text that cannot be used; the message names the row/column (0-based) and how to fix it.</summary>
public sealed class GridMapException(string message, int? row = null, int? column = null) : FormatException(message)
{
    /// <summary>The offending row (0-based), when the problem is in one row.</summary>
    public int? Row { get; } = row;

    /// <summary>The offending column (0-based), when the problem is in one cell.</summary>
    public int? Column { get; } = column;
}
