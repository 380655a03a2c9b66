using System.Text;
using DotGym.Envs.Snapshots;
using DotGym.Envs.ToyText;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.GridWorlds;

/// <summary>
/// A configurable grid world for experiments: a text map (walls, start, goals, holes, lava, reward exits), slippery
/// moves, a per-step reward and an optional step limit, observed through <typeparamref name="TObs"/>
/// (see <see cref="GridWorld"/> for the ready-made index / one-hot / channels variants).
/// <para>Actions: 0 left, 1 down, 2 right, 3 up (FrozenLake's order). A move into a wall or off the grid leaves the
/// agent in place. With slip probability p the agent moves as intended with 1 − p and to each perpendicular side
/// with p / 2. Reward = step reward + the entered cell's reward (nothing extra when the agent did not move).
/// Entering a terminal cell ends the episode; stepping again after that keeps the agent there with reward 0.
/// Every step draws exactly one uniform from <see cref="Env{TObs,TAct}.NpRandom"/>, slippery or not.</para>
/// <para>Info: <c>"prob"</c> (double, probability of the outcome that happened) and <c>"slipped"</c> (bool), in one
/// dictionary reused by every Reset/Step.</para>
/// </summary>
public sealed class GridWorldEnv<TObs> : Env<TObs, int>
{
    public const int Left = 0, Down = 1, Right = 2, Up = 3;
    private static readonly string[] ActionNames = ["Left", "Down", "Right", "Up"];
    private static readonly (int Dr, int Dc)[] Deltas = [(0, -1), (1, 0), (0, 1), (-1, 0)];
    private static readonly object True = true, False = false, One = 1.0;
    private static readonly EnvMetadata Meta = new() { RenderModes = [RenderModes.Ansi, RenderModes.RgbArray], RenderFps = 4 };

    private readonly IGridObservation<TObs> _observation;
    private readonly Discrete _actionSpace = new(4);
    private readonly double[] _cumulative;       // over [turn left of intended, intended, turn right]
    private readonly object[] _boxedProbabilities;
    private readonly Dictionary<string, object> _info = new(2);
    private int _agent = -1;
    private int _steps;

    /// <summary>Creates the env.</summary>
    /// <param name="options">Map and dynamics.</param>
    /// <param name="observation">How the agent's cell is shown (see <see cref="IndexObservation"/>, <see cref="OneHotObservation"/>, <see cref="ChannelsObservation"/>).</param>
    /// <param name="renderMode">"ansi", "rgb_array" or null.</param>
    public GridWorldEnv(GridWorldOptions options, IGridObservation<TObs> observation, string? renderMode = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _observation = observation ?? throw new ArgumentNullException(nameof(observation));
        if (renderMode is not null && !Meta.RenderModes.Contains(renderMode))
            throw new ArgumentException($"GridWorld cannot render '{renderMode}'. Choose \"ansi\" or \"rgb_array\" (or null).", nameof(renderMode));
        Options = options;
        RenderMode = renderMode;
        double side = options.SlipProbability / 2, straight = 1 - options.SlipProbability;
        _cumulative = CategoricalSampler.CumulativeSum([side, straight, side]);
        _boxedProbabilities = [side, straight, side];
    }

    public GridWorldOptions Options { get; }
    public GridMap Map => Options.Map;
    public override Space<TObs> ObservationSpace => _observation.Space;
    public override Space<int> ActionSpace => _actionSpace;
    public override EnvMetadata Metadata => Meta;

    /// <summary>The agent's cell index (<c>row * width + col</c>); -1 before the first reset.</summary>
    public int AgentIndex => _agent;

    /// <summary>The last action taken; null right after a reset.</summary>
    public int? LastAction { get; private set; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _steps;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _agent = Map.StartIndex;
        _steps = 0;
        LastAction = null;
        _info["prob"] = One;
        _info["slipped"] = False;
        return new ResetResult<TObs>(_observation.Encode(_agent), _info);
    }

    public override StepResult<TObs> Step(int action)
    {
        if (_agent < 0) throw new InvalidOperationException("GridWorld: call Reset() before Step().");
        _actionSpace.EnsureContains(action);
        int outcome = CategoricalSampler.Sample(_cumulative, NpRandom.Random());
        _steps++;
        LastAction = action;
        _info["prob"] = _boxedProbabilities[outcome];
        _info["slipped"] = outcome != 1 ? True : False;
        bool truncated = Options.MaxSteps is { } max && _steps >= max;
        if (Map[_agent].Terminal) // absorbing after the episode ended
            return new StepResult<TObs>(_observation.Encode(_agent), 0, true, truncated, _info);

        int direction = (action + outcome + 3) % 4; // outcome 0: turn left of intended, 1: intended, 2: turn right
        (_agent, double reward) = Move(_agent, direction);
        return new StepResult<TObs>(_observation.Encode(_agent), reward, Map[_agent].Terminal, truncated, _info);
    }

    /// <summary>Where a move in <paramref name="direction"/> from the walkable, non-terminal <paramref name="cell"/> lands, and its reward.</summary>
    private (int Cell, double Reward) Move(int cell, int direction)
    {
        var (dr, dc) = Deltas[direction];
        int row = cell / Map.Width + dr, col = cell % Map.Width + dc;
        if (row < 0 || row >= Map.Height || col < 0 || col >= Map.Width || !Map[row, col].IsWalkable) return (cell, Options.StepReward);
        int next = row * Map.Width + col;
        return (next, Options.StepReward + Map[next].Reward);
    }

    /// <summary>
    /// Every outcome of <paramref name="action"/> in <paramref name="cell"/>, as the toy-text envs' <c>P[s][a]</c>: slipping
    /// left of the intended direction, the intended move, slipping right (outcomes of probability 0 left out), each
    /// with its landing cell, reward and terminal flag. A terminal cell is absorbing: one outcome, reward 0. Batched
    /// implementations (the tensor grid world) step these tables, so they follow <see cref="Step"/> exactly.
    /// </summary>
    public IReadOnlyList<Transition> Transitions(int cell, int action)
    {
        if ((uint)cell >= (uint)Map.CellCount) throw new ArgumentOutOfRangeException(nameof(cell), cell, $"cell must be in [0, {Map.CellCount}).");
        _actionSpace.EnsureContains(action, "action");
        if (Map[cell].Terminal) return [new Transition(1.0, cell, 0, true)];
        var outcomes = new List<Transition>(3);
        double side = Options.SlipProbability / 2, straight = 1 - Options.SlipProbability;
        ReadOnlySpan<double> probabilities = [side, straight, side];
        for (int outcome = 0; outcome < 3; outcome++)
        {
            if (probabilities[outcome] == 0) continue;
            var (next, reward) = Move(cell, (action + outcome + 3) % 4);
            outcomes.Add(new Transition(probabilities[outcome], next, reward, Map[next].Terminal));
        }
        return outcomes;
    }

    /// <summary>Snapshots capture the generator, the agent's cell, the episode's step count and the last action.</summary>
    public override bool SupportsStateSnapshot => true;

    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SnapshotTag.Write(writer, "GridWorldEnv", 1, Map.Width * Map.Height);
        NpRandom.SaveState(writer);
        writer.Write(_agent);
        writer.Write(_steps);
        SnapshotTag.WriteOptional(writer, LastAction);
    }

    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int cells = Map.Width * Map.Height;
        SnapshotTag.Expect(reader, "GridWorldEnv", 1, cells);
        NpRandom.LoadState(reader);
        _agent = SnapshotTag.ReadInt(reader, "GridWorldEnv", "agent cell", -1, cells - 1);
        _steps = SnapshotTag.ReadInt(reader, "GridWorldEnv", "elapsed steps", 0, int.MaxValue);
        LastAction = SnapshotTag.ReadOptional(reader, "GridWorldEnv", "last action", 0, 3);
    }

    public override RenderFrame? Render() => RenderMode switch
    {
        RenderModes.Ansi => RenderFrame.FromText(RenderText()),
        RenderModes.RgbArray => RenderFrame.FromImage(GridWorldPainter.Paint(Map, EnsureReset())),
        _ => null,
    };

    private string RenderText()
    {
        int agent = EnsureReset();
        var text = new StringBuilder();
        text.Append(LastAction is { } a ? $"  ({ActionNames[a]})\n" : "\n");
        for (int r = 0; r < Map.Height; r++)
        {
            for (int c = 0; c < Map.Width; c++)
            {
                int i = r * Map.Width + c;
                string symbol = Map.Symbol(i).ToString();
                text.Append(i == agent ? Ansi.Colorize(symbol, AnsiColor.Red, highlight: true) : symbol);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private int EnsureReset() => _agent >= 0 ? _agent : throw new InvalidOperationException("GridWorld: call Reset() before Render().");
}
