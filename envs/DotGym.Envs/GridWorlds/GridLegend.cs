using System.Collections.Immutable;

namespace DotGym.Envs.GridWorlds;

/// <summary>
/// Which character means which <see cref="GridCell"/> when a map is parsed. <see cref="Default"/>:
/// <list type="table">
/// <item><term><c>.</c> or <c>F</c></term><description>floor (F so FrozenLake maps parse)</description></item>
/// <item><term><c>#</c></term><description>wall</description></item>
/// <item><term><c>S</c></term><description>start (exactly one per map)</description></item>
/// <item><term><c>G</c></term><description>goal: +1, terminal</description></item>
/// <item><term><c>H</c></term><description>hole: 0, terminal</description></item>
/// <item><term><c>L</c></term><description>lava: −1, terminal</description></item>
/// <item><term><c>1</c>–<c>9</c></term><description>exit paying that many points, terminal</description></item>
/// </list>
/// Add or change symbols with <see cref="With"/>, e.g. <c>GridLegend.Default.With('c', GridCell.Floor(0.1))</c>.
/// </summary>
public sealed class GridLegend
{
    private readonly ImmutableDictionary<char, GridCell> _cells;

    private GridLegend(ImmutableDictionary<char, GridCell> cells) => _cells = cells;

    public static GridLegend Default { get; } = new(BuildDefault());

    /// <summary>A copy of this legend where <paramref name="symbol"/> means <paramref name="cell"/>.</summary>
    public GridLegend With(char symbol, GridCell cell)
    {
        if (char.IsWhiteSpace(symbol)) throw new ArgumentException("Whitespace cannot be a cell symbol (map lines are trimmed); use '.' for floor.", nameof(symbol));
        return new GridLegend(_cells.SetItem(symbol, cell));
    }

    public bool TryGet(char symbol, out GridCell cell) => _cells.TryGetValue(symbol, out cell);

    /// <summary>Every known symbol, sorted.</summary>
    public IEnumerable<char> Symbols => _cells.Keys.Order();

    private static ImmutableDictionary<char, GridCell> BuildDefault()
    {
        var cells = ImmutableDictionary.CreateBuilder<char, GridCell>();
        cells['.'] = GridCell.Floor();
        cells['F'] = GridCell.Floor();
        cells['#'] = GridCell.Wall;
        cells['S'] = GridCell.Start;
        cells['G'] = GridCell.Goal();
        cells['H'] = GridCell.Hole();
        cells['L'] = GridCell.Lava();
        for (int digit = 1; digit <= 9; digit++) cells[(char)('0' + digit)] = GridCell.Exit(digit);
        return cells.ToImmutable();
    }
}
