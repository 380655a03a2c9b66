using System.Text;
using DotGym.Registration;
using DotGym.Rendering;

namespace DotGym.Envs.ToyText;

/// <summary>
/// FrozenLake-v1 (Gymnasium 1.4): cross a frozen lake from S to G without falling into a hole H; on a slippery
/// lake the agent moves in the intended direction with probability <c>success_rate</c> and to each perpendicular
/// side with <c>(1 - success_rate) / 2</c>.
/// <para>Actions: 0 left, 1 down, 2 right, 3 up. Observation: <c>row * ncol + col</c>. Reward: <c>reward_schedule</c>
/// (goal, hole, frozen) = (1, 0, 0) by default. Terminates in a hole or at the goal. Info: <c>"prob"</c> (double).</para>
/// </summary>
public sealed class FrozenLakeEnv : TabularEnv
{
    public const int Left = 0, Down = 1, Right = 2, Up = 3;
    private static readonly string[] ActionNames = ["Left", "Down", "Right", "Up"];

    private readonly char[][] _desc;

    /// <summary>Creates the env.</summary>
    /// <param name="desc">Custom map rows of S (start), F (frozen), H (hole), G (goal); overrides <paramref name="mapName"/>.</param>
    /// <param name="mapName">"4x4" or "8x8" when <paramref name="desc"/> is null; null too generates a random 8x8 map.</param>
    /// <param name="isSlippery">Whether moves may slip sideways.</param>
    /// <param name="successRate">Probability of moving as intended on a slippery lake.</param>
    /// <param name="rewardSchedule">Rewards for entering a goal, a hole and a frozen tile (S counts as frozen).</param>
    /// <param name="renderMode">"ansi", "rgb_array" or null.</param>
    public FrozenLakeEnv(IReadOnlyList<string>? desc = null, string? mapName = "4x4", bool isSlippery = true,
        double successRate = 1.0 / 3.0, (double Goal, double Hole, double Frozen)? rewardSchedule = null, string? renderMode = null)
        : this(ParseDesc(desc ?? (mapName is null ? FrozenLakeMaps.GenerateRandomMap() : FrozenLakeMaps.Named(mapName))),
            isSlippery, successRate, rewardSchedule ?? (1, 0, 0), renderMode)
    {
    }

    private FrozenLakeEnv(char[][] desc, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewardSchedule, string? renderMode)
        : base("FrozenLake", BuildTransitions(desc, isSlippery, successRate, rewardSchedule), desc.Length * desc[0].Length, 4, InitialDistribution(desc), renderMode)
    {
        _desc = desc;
        IsSlippery = isSlippery;
        SuccessRate = successRate;
        RewardSchedule = rewardSchedule;
    }

    /// <summary>Creates the env from Gymnasium-style keyword arguments (desc, map_name, is_slippery, success_rate, reward_schedule, render_mode).</summary>
    public static FrozenLakeEnv FromKwargs(IReadOnlyDictionary<string, object>? kwargs)
    {
        var k = new Kwargs(kwargs, "FrozenLake");
        var desc = k.Get<object?>("desc", null);
        var mapName = k.Get("map_name", "4x4");
        var isSlippery = k.Get("is_slippery", true);
        var successRate = k.Get("success_rate", 1.0 / 3.0);
        var schedule = k.Get<object?>("reward_schedule", null);
        var renderMode = k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new FrozenLakeEnv(desc is null ? null : ToyTextKwargs.Rows(desc, "FrozenLake desc"), mapName, isSlippery, successRate,
            schedule is null ? null : ToyTextKwargs.Triple(schedule, "FrozenLake reward_schedule"), renderMode);
    }

    public int RowCount => _desc.Length;
    public int ColumnCount => _desc[0].Length;
    public bool IsSlippery { get; }
    public double SuccessRate { get; }
    public (double Goal, double Hole, double Frozen) RewardSchedule { get; }

    /// <summary>The map, one string per row.</summary>
    public IReadOnlyList<string> Desc => _desc.Select(r => new string(r)).ToArray();

    private protected override string RenderText()
    {
        var text = new StringBuilder();
        text.Append(LastAction is { } a ? $"  ({ActionNames[a]})\n" : "\n");
        int row = State / ColumnCount, col = State % ColumnCount;
        for (int r = 0; r < RowCount; r++)
        {
            if (r > 0) text.Append('\n');
            for (int c = 0; c < ColumnCount; c++)
            {
                string cell = _desc[r][c].ToString();
                text.Append(r == row && c == col ? Ansi.Colorize(cell, AnsiColor.Red, highlight: true) : cell);
            }
        }
        return text.Append('\n').ToString();
    }

    private protected override RgbImage RenderImage()
    {
        // Gymnasium's window: 64 px per tile, at most 512 px a side.
        int width = Math.Min(64 * ColumnCount, 512), height = Math.Min(64 * RowCount, 512);
        int cellW = width / ColumnCount, cellH = height / RowCount;
        var canvas = new Canvas(width, height);
        canvas.Clear(new Rgb(180, 200, 230));
        int agentRow = State / ColumnCount, agentCol = State % ColumnCount;
        for (int r = 0; r < RowCount; r++)
            for (int c = 0; c < ColumnCount; c++)
            {
                int x = c * cellW, y = r * cellH;
                canvas.FillRect(x + 1, y + 1, x + cellW - 1, y + cellH - 1, new Rgb(214, 236, 250)); // ice, 1 px grid line around
                double cx = x + cellW / 2.0, cy = y + cellH / 2.0;
                switch (_desc[r][c])
                {
                    case 'H':
                        canvas.FillCircle(cx, cy, cellW * 0.38, new Rgb(40, 70, 120));
                        break;
                    case 'G':
                        canvas.FillRect(x + cellW / 4, y + cellH / 3, x + 3 * cellW / 4, y + 5 * cellH / 6, new Rgb(220, 160, 40));
                        canvas.FillRect(x + cellW / 4, y + cellH / 3, x + 3 * cellW / 4, y + cellH / 2, new Rgb(200, 40, 40));
                        break;
                    case 'S':
                        canvas.FillRect(x + cellW / 3, y + cellH / 2, x + 2 * cellW / 3, y + 2 * cellH / 3, new Rgb(140, 90, 50));
                        break;
                }
                if (r == agentRow && c == agentCol)
                {
                    if (_desc[r][c] == 'H') // fallen in: a cracked, reddened hole
                    {
                        canvas.FillCircle(cx, cy, cellW * 0.38, new Rgb(150, 40, 40));
                        canvas.DrawLine(x + cellW * 0.25, y + cellH * 0.25, x + cellW * 0.75, y + cellH * 0.75, 3, Rgb.Black);
                    }
                    else
                    {
                        canvas.FillCircle(cx, y + cellH * 0.35, cellW * 0.14, new Rgb(240, 200, 160)); // head
                        canvas.FillRect(x + (int)(cellW * 0.35), y + (int)(cellH * 0.48), x + (int)(cellW * 0.65), y + (int)(cellH * 0.85), new Rgb(30, 140, 60)); // body
                    }
                }
            }
        return canvas.Image;
    }

    private static char[][] ParseDesc(IReadOnlyList<string> rows)
    {
        if (rows.Count == 0 || rows[0].Length == 0)
            throw new ArgumentException("FrozenLake desc is empty. Pass rows such as [\"SFFF\", \"FHFH\", \"FFFH\", \"HFFG\"].", "desc");
        var desc = new char[rows.Count][];
        int starts = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"FrozenLake desc row {r} is null.", "desc");
            if (row.Length != rows[0].Length)
                throw new ArgumentException($"FrozenLake desc row {r} has {row.Length} tiles but row 0 has {rows[0].Length}; every row must have the same length.", "desc");
            for (int c = 0; c < row.Length; c++)
            {
                if ("SFHG".IndexOf(row[c]) < 0)
                    throw new ArgumentException($"FrozenLake desc row {r}, column {c} is '{row[c]}'; tiles must be S (start), F (frozen), H (hole) or G (goal).", "desc");
                if (row[c] == 'S') starts++;
            }
            desc[r] = row.ToCharArray();
        }
        if (starts == 0) throw new ArgumentException("FrozenLake desc has no start tile; put an 'S' where episodes begin.", "desc");
        return desc;
    }

    /// <summary>Uniform over the S tiles (Gymnasium: <c>(desc == "S") / count</c>).</summary>
    private static double[] InitialDistribution(char[][] desc)
    {
        int ncol = desc[0].Length;
        var distribution = new double[desc.Length * ncol];
        double starts = 0;
        for (int r = 0; r < desc.Length; r++)
            for (int c = 0; c < ncol; c++)
                if (desc[r][c] == 'S') { distribution[r * ncol + c] = 1; starts++; }
        for (int i = 0; i < distribution.Length; i++) distribution[i] /= starts;
        return distribution;
    }

    private static Transition[][] BuildTransitions(char[][] desc, bool isSlippery, double successRate, (double Goal, double Hole, double Frozen) rewards)
    {
        if (!(successRate >= 0 && successRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(successRate), successRate, "success_rate is a probability and must lie in [0, 1].");
        int nrow = desc.Length, ncol = desc[0].Length;
        double failRate = (1.0 - successRate) / 2.0;
        var table = new Transition[nrow * ncol * 4][];

        Transition Move(int row, int col, int action, double probability)
        {
            switch (action)
            {
                case Left: col = Math.Max(col - 1, 0); break;
                case Down: row = Math.Min(row + 1, nrow - 1); break;
                case Right: col = Math.Min(col + 1, ncol - 1); break;
                case Up: row = Math.Max(row - 1, 0); break;
            }
            char letter = desc[row][col];
            double reward = letter switch { 'G' => rewards.Goal, 'H' => rewards.Hole, _ => rewards.Frozen };
            return new Transition(probability, row * ncol + col, reward, letter is 'G' or 'H');
        }

        for (int row = 0; row < nrow; row++)
            for (int col = 0; col < ncol; col++)
            {
                int s = row * ncol + col;
                for (int a = 0; a < 4; a++)
                {
                    table[s * 4 + a] = desc[row][col] is 'G' or 'H'
                        ? [new Transition(1.0, s, 0, true)] // absorbing
                        : isSlippery
                            ? [Move(row, col, (a + 3) % 4, failRate), Move(row, col, a, successRate), Move(row, col, (a + 1) % 4, failRate)]
                            : [Move(row, col, a, 1.0)];
                }
            }
        return table;
    }
}
