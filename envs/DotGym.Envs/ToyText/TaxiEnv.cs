using System.Text;
using DotGym.Registration;
using DotGym.Rendering;

namespace DotGym.Envs.ToyText;

/// <summary>
/// Taxi-v4 (Gymnasium 1.4, Dietterich 2000): drive a taxi on a 5×5 grid with walls, pick a passenger up at one of
/// four stands (R, G, Y, B) and drop them at their destination.
/// <para>Actions: 0 south, 1 north, 2 east, 3 west, 4 pickup, 5 dropoff. Observation:
/// <c>((taxi_row * 5 + taxi_col) * 5 + passenger_location) * 4 + destination</c> (passenger location 4 = in the taxi).
/// Reward −1 per step, +20 for a delivery (which terminates), −10 for an illegal pickup or dropoff.
/// Info: <c>"prob"</c> (double) and <c>"action_mask"</c> (byte[6], 1 where the action changes the state; an env-owned
/// buffer valid until the next Reset/Step).</para>
/// <para><c>is_rainy</c>: moves go as intended with <c>rainy_probability</c> and veer to either side otherwise (only
/// when the intended move is possible). <c>fickle_passenger</c>: with <c>fickle_probability</c> per episode the
/// passenger changes destination after the first move with them on board. These two options follow Gymnasium's
/// Taxi-v4 description; the recorded parity data covers the default (dry, non-fickle) env.</para>
/// </summary>
public sealed class TaxiEnv : TabularEnv
{
    public const int South = 0, North = 1, East = 2, West = 3, Pickup = 4, Dropoff = 5;
    public const int InTaxi = 4;
    private const int Size = 5, NumStates = 500, NumActions = 6;
    private static readonly string[] ActionNames = ["South", "North", "East", "West", "Pickup", "Dropoff"];

    /// <summary>The map: '|' walls between columns, ':' open passages.</summary>
    public static IReadOnlyList<string> Map { get; } =
    [
        "+---------+",
        "|R: | : :G|",
        "| : | : : |",
        "| : : : : |",
        "| | : | : |",
        "|Y| : |B: |",
        "+---------+",
    ];

    /// <summary>The four stands (row, col): Red, Green, Yellow, Blue.</summary>
    public static IReadOnlyList<(int Row, int Col)> Locations => Stands;

    // The array behind Locations: indexing and looping it directly keeps steps allocation-free.
    private static readonly (int Row, int Col)[] Stands = [(0, 0), (0, 4), (4, 0), (4, 3)];

    private static readonly Rgb[] LocationColors = [new(255, 0, 0), new(0, 255, 0), new(255, 255, 0), new(0, 0, 255)];

    // Where each move leads from each cell (walls and borders keep the taxi in place): [row, col, move].
    private static readonly (int Row, int Col)[,,] Movements = BuildMovements();
    private static readonly int[] LeftOf = [East, West, North, South];
    private static readonly int[] RightOf = [West, East, South, North];

    private readonly byte[] _actionMask = new byte[NumActions];
    private bool _fickleStep;

    /// <summary>Creates the env.</summary>
    /// <param name="isRainy">Whether moves may veer sideways.</param>
    /// <param name="ficklePassenger">Whether the passenger may change destination once on board.</param>
    /// <param name="rainyProbability">Probability that a move goes as intended when rainy.</param>
    /// <param name="fickleProbability">Probability, drawn at each reset, that this episode's passenger is fickle.</param>
    /// <param name="renderMode">"ansi", "rgb_array" or null.</param>
    public TaxiEnv(bool isRainy = false, bool ficklePassenger = false, double rainyProbability = 0.8, double fickleProbability = 0.3, string? renderMode = null)
        : base("Taxi", BuildTransitions(isRainy, rainyProbability), NumStates, NumActions, InitialDistribution(), renderMode)
    {
        if (!(fickleProbability >= 0 && fickleProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(fickleProbability), fickleProbability, "fickle_probability is a probability and must lie in [0, 1].");
        IsRainy = isRainy;
        FicklePassenger = ficklePassenger;
        RainyProbability = rainyProbability;
        FickleProbability = fickleProbability;
        _fickleStep = ficklePassenger && NpRandom.Random() < fickleProbability;
    }

    /// <summary>Creates the env from Gymnasium-style keyword arguments (is_rainy, fickle_passenger, rainy_probability, fickle_probability, render_mode).</summary>
    public static TaxiEnv FromKwargs(IReadOnlyDictionary<string, object>? kwargs)
    {
        var k = new Kwargs(kwargs, "Taxi");
        var isRainy = k.Get("is_rainy", false);
        var fickle = k.Get("fickle_passenger", false);
        var rainyProbability = k.Get("rainy_probability", 0.8);
        var fickleProbability = k.Get("fickle_probability", 0.3);
        var renderMode = k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new TaxiEnv(isRainy, fickle, rainyProbability, fickleProbability, renderMode);
    }

    public bool IsRainy { get; }
    public bool FicklePassenger { get; }
    public double RainyProbability { get; }
    public double FickleProbability { get; }

    public static int Encode(int taxiRow, int taxiCol, int passengerLocation, int destination) =>
        ((taxiRow * Size + taxiCol) * Size + passengerLocation) * 4 + destination;

    public static (int TaxiRow, int TaxiCol, int PassengerLocation, int Destination) Decode(int state)
    {
        if ((uint)state >= NumStates) throw new ArgumentOutOfRangeException(nameof(state), state, "Taxi states are 0 to 499.");
        int destination = state % 4; state /= 4;
        int passenger = state % 5; state /= 5;
        int col = state % 5; state /= 5;
        return (state, col, passenger, destination);
    }

    /// <summary>Writes the action mask of <paramref name="state"/>: 1 where the action changes the state.</summary>
    public static void ActionMask(int state, Span<byte> mask)
    {
        if (mask.Length != NumActions) throw new ArgumentException($"The Taxi action mask has {NumActions} entries, got a span of {mask.Length}.", nameof(mask));
        var (row, col, passenger, destination) = Decode(state);
        for (int move = 0; move < 4; move++) mask[move] = Movements[row, col, move] != (row, col) ? (byte)1 : (byte)0;
        mask[Pickup] = passenger < InTaxi && Stands[passenger] == (row, col) ? (byte)1 : (byte)0;
        mask[Dropoff] = passenger == InTaxi && (Stands[destination] == (row, col) || IsStand(row, col)) ? (byte)1 : (byte)0;
    }

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        int state = SampleInitialState(seed);
        _fickleStep = FicklePassenger && NpRandom.Random() < FickleProbability;
        Info["prob"] = ResetProbability;
        ActionMask(state, _actionMask);
        Info["action_mask"] = _actionMask;
        return new ResetResult<int>(state, Info);
    }

    public override StepResult<int> Step(int action)
    {
        var (outcome, probability) = SampleTransition(action);
        int next = outcome.NextState;
        if (_fickleStep)
        {
            var (prevRow, prevCol, prevPassenger, prevDestination) = Decode(State);
            var (row, col, passenger, _) = Decode(next);
            if (prevPassenger == InTaxi && (row != prevRow || col != prevCol))
            {
                _fickleStep = false;
                int pick = (int)NpRandom.Integers(3); // np_random.choice over the three other destinations
                int destination = pick >= prevDestination ? pick + 1 : pick;
                next = Encode(row, col, passenger, destination);
            }
        }
        State = next;
        LastAction = action;
        Info["prob"] = probability;
        ActionMask(next, _actionMask);
        Info["action_mask"] = _actionMask;
        return new StepResult<int>(next, outcome.Reward, outcome.Terminated, false, Info);
    }

    private protected override void SaveExtraState(BinaryWriter writer) => writer.Write(_fickleStep);

    private protected override void LoadExtraState(BinaryReader reader) => _fickleStep = reader.ReadBoolean();

    private protected override string RenderText()
    {
        var cells = Map.Select(line => line.Select(c => c.ToString()).ToArray()).ToArray();
        var (row, col, passenger, destination) = Decode(State);
        if (passenger < InTaxi)
        {
            cells[1 + row][2 * col + 1] = Ansi.Colorize(cells[1 + row][2 * col + 1], AnsiColor.Yellow, highlight: true);
            var (pi, pj) = Locations[passenger];
            cells[1 + pi][2 * pj + 1] = Ansi.Colorize(cells[1 + pi][2 * pj + 1], AnsiColor.Blue, bold: true);
        }
        else
        {
            string under = cells[1 + row][2 * col + 1];
            cells[1 + row][2 * col + 1] = Ansi.Colorize(under == " " ? "_" : under, AnsiColor.Green, highlight: true);
        }
        var (di, dj) = Locations[destination];
        cells[1 + di][2 * dj + 1] = Ansi.Colorize(cells[1 + di][2 * dj + 1], AnsiColor.Magenta);
        var text = new StringBuilder(string.Join("\n", cells.Select(line => string.Concat(line)))).Append('\n');
        text.Append(LastAction is { } a ? $"  ({ActionNames[a]})\n" : "\n");
        return text.ToString();
    }

    private protected override RgbImage RenderImage()
    {
        const int cell = 50; // Gymnasium's 550×350 window over the 11×7 map characters
        var canvas = new Canvas(11 * cell, 7 * cell);
        canvas.Clear(new Rgb(200, 200, 200));
        for (int y = 0; y < Map.Count; y++)
            for (int x = 0; x < Map[y].Length; x++)
            {
                char c = Map[y][x];
                if (c == '|') canvas.FillRect(x * cell + 20, y * cell, x * cell + 30, (y + 1) * cell, new Rgb(90, 90, 90));
                else if (c is '-' or '+') canvas.FillRect(x * cell, y * cell + 20, (x + 1) * cell, y * cell + 30, new Rgb(90, 90, 90));
            }
        for (int i = 0; i < Locations.Count; i++)
        {
            var (x, y) = CellOrigin(Locations[i]);
            var tint = LocationColors[i];
            // Gymnasium blits the colour at alpha 128 over the road.
            canvas.FillRect(x, y + 10, x + cell, y + cell, new Rgb((byte)((tint.R + 200) / 2), (byte)((tint.G + 200) / 2), (byte)((tint.B + 200) / 2)));
        }
        var (row, col, passenger, destination) = Decode(State);
        var (dx, dy) = CellOrigin(Locations[destination]);
        canvas.FillRect(dx + 12, dy - 15, dx + 38, dy + 10, new Rgb(150, 60, 60)); // hotel
        canvas.FillRect(dx + 20, dy - 5, dx + 30, dy + 10, new Rgb(60, 30, 30));
        if (passenger < InTaxi)
        {
            var (px, py) = CellOrigin(Locations[passenger]);
            canvas.FillCircle(px + 25, py + 15, 7, new Rgb(240, 200, 160));
            canvas.FillRect(px + 18, py + 22, px + 32, py + 45, new Rgb(70, 70, 160));
        }
        var (tx, ty) = CellOrigin((row, col));
        canvas.FillRect(tx + 6, ty + 14, tx + 44, ty + 40, new Rgb(250, 200, 0)); // cab
        canvas.FillRect(tx + 12, ty + 18, tx + 38, ty + 26, new Rgb(120, 170, 220)); // windscreen
        canvas.FillCircle(tx + 14, ty + 41, 5, Rgb.Black);
        canvas.FillCircle(tx + 36, ty + 41, 5, Rgb.Black);
        if (passenger == InTaxi) canvas.FillCircle(tx + 25, ty + 33, 5, new Rgb(70, 70, 160));
        return canvas.Image;

        static (int X, int Y) CellOrigin((int Row, int Col) location) => ((location.Col * 2 + 1) * cell, (location.Row + 1) * cell);
    }

    private static bool IsStand(int row, int col)
    {
        foreach (var location in Stands) if (location == (row, col)) return true;
        return false;
    }

    private static int StandIndex(int row, int col)
    {
        for (int i = 0; i < Stands.Length; i++) if (Stands[i] == (row, col)) return i;
        return -1;
    }

    private static (int, int)[,,] BuildMovements()
    {
        var moves = new (int, int)[Size, Size, 4];
        for (int row = 0; row < Size; row++)
            for (int col = 0; col < Size; col++)
            {
                moves[row, col, South] = Map[row + 2][2 * col + 1] != '-' ? (row + 1, col) : (row, col);
                moves[row, col, North] = Map[row][2 * col + 1] != '-' ? (row - 1, col) : (row, col);
                moves[row, col, East] = Map[row + 1][2 * col + 2] != '|' ? (row, col + 1) : (row, col);
                moves[row, col, West] = Map[row + 1][2 * col] != '|' ? (row, col - 1) : (row, col);
            }
        return moves;
    }

    /// <summary>300 equally likely starts: passenger at a stand, destination a different stand.</summary>
    private static double[] InitialDistribution()
    {
        var distribution = new double[NumStates];
        double count = 0;
        for (int row = 0; row < Size; row++)
            for (int col = 0; col < Size; col++)
                for (int passenger = 0; passenger < 4; passenger++)
                    for (int destination = 0; destination < 4; destination++)
                        if (passenger != destination) { distribution[Encode(row, col, passenger, destination)] += 1; count++; }
        for (int i = 0; i < distribution.Length; i++) distribution[i] /= count;
        return distribution;
    }

    private static Transition[][] BuildTransitions(bool isRainy, double rainyProbability)
    {
        if (!(rainyProbability >= 0 && rainyProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(rainyProbability), rainyProbability, "rainy_probability is a probability and must lie in [0, 1].");
        double veer = (1.0 - rainyProbability) / 2.0;
        var table = new Transition[NumStates * NumActions][];
        for (int row = 0; row < Size; row++)
            for (int col = 0; col < Size; col++)
                for (int passenger = 0; passenger <= InTaxi; passenger++)
                    for (int destination = 0; destination < 4; destination++)
                    {
                        int state = Encode(row, col, passenger, destination);
                        for (int action = 0; action < NumActions; action++)
                        {
                            int newRow = row, newCol = col, newPassenger = passenger;
                            double reward = -1;
                            bool terminated = false;
                            if (action < 4)
                            {
                                (newRow, newCol) = Movements[row, col, action];
                            }
                            else if (action == Pickup)
                            {
                                if (passenger < InTaxi && Locations[passenger] == (row, col)) newPassenger = InTaxi;
                                else reward = -10;
                            }
                            else if (passenger == InTaxi && Locations[destination] == (row, col))
                            {
                                newPassenger = destination;
                                terminated = true;
                                reward = 20;
                            }
                            else if (passenger == InTaxi && IsStand(row, col))
                            {
                                newPassenger = StandIndex(row, col);
                            }
                            else
                            {
                                reward = -10;
                            }
                            int intended = Encode(newRow, newCol, newPassenger, destination);
                            if (isRainy && action < 4)
                            {
                                bool moved = newRow != row || newCol != col;
                                var (lr, lc) = moved ? Movements[row, col, LeftOf[action]] : (row, col);
                                var (rr, rc) = moved ? Movements[row, col, RightOf[action]] : (row, col);
                                table[state * NumActions + action] =
                                [
                                    new Transition(rainyProbability, intended, -1, terminated),
                                    new Transition(veer, Encode(lr, lc, newPassenger, destination), -1, terminated),
                                    new Transition(veer, Encode(rr, rc, newPassenger, destination), -1, terminated),
                                ];
                            }
                            else
                            {
                                table[state * NumActions + action] = [new Transition(1.0, intended, reward, terminated)];
                            }
                        }
                    }
        return table;
    }
}
