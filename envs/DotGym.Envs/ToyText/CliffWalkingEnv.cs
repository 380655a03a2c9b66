using System.Text;
using DotGym.Registration;
using DotGym.Rendering;

namespace DotGym.Envs.ToyText;

/// <summary>
/// CliffWalking-v1 (Gymnasium 1.4, Sutton &amp; Barto example 6.6): walk along a 4×12 grid from the bottom-left
/// start (36) to the bottom-right goal (47) without stepping off the cliff in between.
/// <para>Actions: 0 up, 1 right, 2 down, 3 left. Reward −1 per step; stepping into the cliff gives −100 and sends
/// the agent back to the start without ending the episode. Terminates at the goal. With <c>is_slippery</c> the
/// agent moves as intended or to either side, each with probability 1/3. Info: <c>"prob"</c> (double).</para>
/// </summary>
public sealed class CliffWalkingEnv : TabularEnv
{
    public const int Up = 0, Right = 1, Down = 2, Left = 3;
    public const int Rows = 4, Columns = 12;
    public const int StartState = 36, GoalState = 47;
    private static readonly (int Dr, int Dc)[] Deltas = [(-1, 0), (0, 1), (1, 0), (0, -1)];

    /// <summary>Creates the env.</summary>
    /// <param name="isSlippery">Whether moves may slip sideways (CliffWalkingSlippery-v1).</param>
    /// <param name="renderMode">"ansi", "rgb_array" or null.</param>
    public CliffWalkingEnv(bool isSlippery = false, string? renderMode = null)
        : base("CliffWalking", BuildTransitions(isSlippery), Rows * Columns, 4, InitialDistribution(), renderMode)
    {
        IsSlippery = isSlippery;
    }

    /// <summary>Creates the env from Gymnasium-style keyword arguments (is_slippery, render_mode).</summary>
    public static CliffWalkingEnv FromKwargs(IReadOnlyDictionary<string, object>? kwargs)
    {
        var k = new Kwargs(kwargs, "CliffWalking");
        var isSlippery = k.Get("is_slippery", false);
        var renderMode = k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new CliffWalkingEnv(isSlippery, renderMode);
    }

    public bool IsSlippery { get; }

    /// <summary>Whether (row, col) is part of the cliff (bottom row between start and goal).</summary>
    public static bool IsCliff(int row, int col) => row == Rows - 1 && col >= 1 && col <= Columns - 2;

    private protected override string RenderText()
    {
        var text = new StringBuilder();
        for (int s = 0; s < Rows * Columns; s++)
        {
            int row = s / Columns, col = s % Columns;
            string output = State == s ? " x " : s == GoalState ? " T " : IsCliff(row, col) ? " C " : " o ";
            if (col == 0) output = output.TrimStart();
            if (col == Columns - 1) output = output.TrimEnd() + "\n";
            text.Append(output);
        }
        return text.Append('\n').ToString();
    }

    private protected override RgbImage RenderImage()
    {
        const int cell = 60; // Gymnasium's tile size: a 720×240 window
        var canvas = new Canvas(Columns * cell, Rows * cell);
        for (int s = 0; s < Rows * Columns; s++)
        {
            int row = s / Columns, col = s % Columns, x = col * cell, y = row * cell;
            bool checker = ((row % 2) ^ (col % 2)) == 1;
            canvas.FillRect(x, y, x + cell, y + cell, checker ? new Rgb(120, 170, 90) : new Rgb(135, 185, 100));
            if (IsCliff(row, col))
            {
                canvas.FillRect(x, y, x + cell, y + cell, new Rgb(60, 50, 45));
                canvas.FillRect(x, y, x + cell, y + 6, new Rgb(110, 90, 70)); // cliff edge
            }
            if (s == StartState) canvas.FillRect(x + 20, y + 30, x + 40, y + 40, new Rgb(140, 90, 50)); // stool
            if (s == GoalState) canvas.FillCircle(x + 30, y + 30, 16, new Rgb(190, 130, 60)); // cookie
            if (s == State)
            {
                canvas.FillCircle(x + 30, y + 18, 8, new Rgb(240, 200, 160));
                canvas.FillRect(x + 21, y + 27, x + 39, y + 50, new Rgb(30, 100, 170));
            }
        }
        return canvas.Image;
    }

    private static double[] InitialDistribution()
    {
        var distribution = new double[Rows * Columns];
        distribution[StartState] = 1.0;
        return distribution;
    }

    private static Transition[][] BuildTransitions(bool isSlippery)
    {
        var table = new Transition[Rows * Columns * 4][];
        for (int s = 0; s < Rows * Columns; s++)
        {
            int row = s / Columns, col = s % Columns;
            for (int move = 0; move < 4; move++)
            {
                int[] actions = isSlippery ? [(move + 3) % 4, move, (move + 1) % 4] : [move];
                double probability = 1.0 / actions.Length; // Gymnasium: 1 / len(deltas)
                var outcomes = new Transition[actions.Length];
                for (int i = 0; i < actions.Length; i++)
                {
                    var (dr, dc) = Deltas[actions[i]];
                    int newRow = Math.Clamp(row + dr, 0, Rows - 1), newCol = Math.Clamp(col + dc, 0, Columns - 1);
                    int newState = newRow * Columns + newCol;
                    outcomes[i] = IsCliff(newRow, newCol)
                        ? new Transition(probability, StartState, -100, false)
                        : new Transition(probability, newState, -1, newState == GoalState);
                }
                table[s * 4 + move] = outcomes;
            }
        }
        return table;
    }
}
