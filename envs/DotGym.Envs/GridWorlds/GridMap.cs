namespace DotGym.Envs.GridWorlds;

/// <summary>
/// A parsed, validated grid: <see cref="Height"/> rows of <see cref="Width"/> cells with exactly one start.
/// Cells are indexed <c>row * Width + col</c> (row 0 at the top), the same index the <c>index</c> observation uses.
/// </summary>
public sealed class GridMap
{
    private readonly GridCell[] _cells;
    private readonly char[] _symbols;

    private GridMap(int height, int width, GridCell[] cells, char[] symbols, int start)
    {
        Height = height;
        Width = width;
        _cells = cells;
        _symbols = symbols;
        StartIndex = start;
    }

    public int Height { get; }
    public int Width { get; }
    public int CellCount => Height * Width;

    /// <summary>Index of the start cell.</summary>
    public int StartIndex { get; }

    public GridCell this[int index] => _cells[index];
    public GridCell this[int row, int col] => _cells[row * Width + col];

    /// <summary>The character the cell was written with (for text renders).</summary>
    public char Symbol(int index) => _symbols[index];

    /// <summary>The map as text, one line per row.</summary>
    public override string ToString() =>
        string.Join("\n", Enumerable.Range(0, Height).Select(r => new string(_symbols, r * Width, Width)));

    /// <summary>
    /// Parses a map, one line per row (surrounding blank lines and each line's outer whitespace are ignored).
    /// Throws <see cref="GridMapException"/> for an empty map, rows of different widths, unknown symbols, or a
    /// start count other than one.
    /// </summary>
    public static GridMap Parse(string text, GridLegend? legend = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return Parse(lines, legend);
    }

    /// <summary>Parses a map given as rows (see <see cref="Parse(string, GridLegend?)"/>).</summary>
    public static GridMap Parse(IReadOnlyList<string> rows, GridLegend? legend = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        legend ??= GridLegend.Default;
        if (rows.Count == 0 || rows[0].Length == 0)
            throw new GridMapException("The map is empty. Write one line per row, e.g. \"S..\\n.#.\\n..G\".");
        int width = rows[0].Length;
        var cells = new GridCell[rows.Count * width];
        var symbols = new char[rows.Count * width];
        var starts = new List<(int Row, int Col)>();
        for (int r = 0; r < rows.Count; r++)
        {
            string row = rows[r] ?? throw new GridMapException($"Row {r} is null.", r);
            if (row.Length != width)
                throw new GridMapException(
                    $"Row {r} has {row.Length} cells but row 0 has {width}; every row must be equally wide (pad with '.' floor or '#' walls).", r);
            for (int c = 0; c < width; c++)
            {
                if (!legend.TryGet(row[c], out var cell))
                    throw new GridMapException(
                        $"Row {r}, column {c}: unknown cell '{row[c]}'. Known symbols: {string.Concat(legend.Symbols)}. Use one of them or add it with GridLegend.With('{row[c]}', ...).", r, c);
                cells[r * width + c] = cell;
                symbols[r * width + c] = row[c];
                if (cell.Kind == GridCellKind.Start) starts.Add((r, c));
            }
        }
        if (starts.Count == 0)
            throw new GridMapException("The map has no start. Put exactly one 'S' where episodes begin.");
        if (starts.Count > 1)
            throw new GridMapException(
                $"The map has {starts.Count} starts, at {string.Join(", ", starts.Select(s => $"row {s.Row} column {s.Col}"))}; keep exactly one 'S' (turn the others into '.').",
                starts[1].Row, starts[1].Col);
        return new GridMap(rows.Count, width, cells, symbols, starts[0].Row * width + starts[0].Col);
    }
}
