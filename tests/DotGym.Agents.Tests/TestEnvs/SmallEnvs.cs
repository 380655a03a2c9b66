using DotGym.Agents.Environments;
using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Agents.Tests.TestEnvs;

/// <summary>
/// A deterministic 4x4 grid (FrozenLake's map "SFFF/FHFH/FFFH/HFFG" without slipping): observation = cell index
/// (Discrete(16), one-hot for the network), actions left/down/right/up as FrozenLake. Reward -0.1 per step, +1 on
/// reaching the goal, -1 for a hole (both terminate); 20-step time limit. The optimal return is 0.5 (6 steps).
/// </summary>
public sealed class Grid4x4 : Env<int, int>
{
    private static readonly string[] Map = ["SFFF", "FHFH", "FFFH", "HFFG"];
    private int _cell;

    public override Space<int> ObservationSpace { get; } = new Discrete(16);
    public override Space<int> ActionSpace { get; } = new Discrete(4);

    public const int OptimalLength = 6;
    public const double OptimalReturn = 1.0 - 0.1 * (OptimalLength - 1);

    public static Env<int, int> Make() => new TimeLimit<int, int>(new Grid4x4(), 20);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _cell = 0;
        return new ResetResult<int>(_cell, Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        int row = _cell / 4, col = _cell % 4;
        switch (action)
        {
            case 0: col = Math.Max(col - 1, 0); break;
            case 1: row = Math.Min(row + 1, 3); break;
            case 2: col = Math.Min(col + 1, 3); break;
            case 3: row = Math.Max(row - 1, 0); break;
        }
        _cell = row * 4 + col;
        char tile = Map[row][col];
        if (tile == 'G') return new StepResult<int>(_cell, 1.0, true, false, Infos.Empty);
        if (tile == 'H') return new StepResult<int>(_cell, -1.0, true, false, Infos.Empty);
        return new StepResult<int>(_cell, -0.1, false, false, Infos.Empty);
    }
}

/// <summary>
/// One-dimensional reaching: observation (position, target) in [-1, 1], action a in Box(-1, 1, (1,)) moves the
/// position by 0.25 a; reward -|position - target| per step; 16-step episodes (truncated). A Gaussian-policy test.
/// </summary>
public sealed class Reach1D : Env<float[], float[]>
{
    private readonly float[] _obs = new float[2];
    private double _position, _target;

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-1f, 1f, 2);
    public override Space<float[]> ActionSpace { get; } = new Box<float>(-1f, 1f, 1);

    public static Env<float[], float[]> Make() => new TimeLimit<float[], float[]>(new Reach1D(), 16);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _position = NpRandom.Uniform(-1, 1);
        _target = NpRandom.Uniform(-1, 1);
        return new ResetResult<float[]>(Observation(), Infos.Empty);
    }

    public override StepResult<float[]> Step(float[] action)
    {
        ActionSpace.EnsureContains(action); // proves the agent clips Gaussian samples to the bounds
        _position = Math.Clamp(_position + 0.25 * action[0], -1, 1);
        return new StepResult<float[]>(Observation(), -Math.Abs(_position - _target), false, false, Infos.Empty);
    }

    private float[] Observation()
    {
        _obs[0] = (float)_position;
        _obs[1] = (float)_target;
        return _obs;
    }
}

/// <summary>
/// A MultiDiscrete bandit with a tiny state: observation Discrete(2) (which combination pays), action [a, b] in
/// MultiDiscrete([3, 4], start [1, 0]); reward 1 when (a, b) is (3, 1) in state 0 or (1, 3) in state 1, else 0;
/// 4-step episodes.
/// </summary>
public sealed class MultiDiscreteBandit : Env<int, int[]>
{
    private int _state, _steps;
    public override Space<int> ObservationSpace { get; } = new Discrete(2);
    public override Space<int[]> ActionSpace { get; } = new MultiDiscrete([3, 4], start: [1, 0]);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        _state = (int)NpRandom.Integers(2);
        return new ResetResult<int>(_state, Infos.Empty);
    }

    public override StepResult<int> Step(int[] action)
    {
        ActionSpace.EnsureContains(action);
        bool right = _state == 0 ? action[0] == 3 && action[1] == 1 : action[0] == 1 && action[1] == 3;
        _steps++;
        _state = (int)NpRandom.Integers(2);
        return new StepResult<int>(_state, right ? 1 : 0, false, _steps >= 4, Infos.Empty);
    }
}

/// <summary>
/// Discrete(4) actions of which only two are legal in each state (info["action_mask"]); the best legal action pays 1.
/// Taking an illegal action throws, so any leak through the mask fails the test. Observation Discrete(2).
/// </summary>
public sealed class MaskedChoice : Env<int, int>
{
    private static readonly byte[][] Masks = [[0, 1, 0, 1], [1, 0, 1, 0]];
    private int _state, _steps;
    public override Space<int> ObservationSpace { get; } = new Discrete(2);
    public override Space<int> ActionSpace { get; } = new Discrete(4);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        _state = (int)NpRandom.Integers(2);
        return new ResetResult<int>(_state, Info());
    }

    public override StepResult<int> Step(int action)
    {
        if (Masks[_state][action] == 0) throw new InvalidOperationException($"Illegal action {action} in state {_state}.");
        double reward = (_state == 0 && action == 3) || (_state == 1 && action == 0) ? 1 : 0;
        _steps++;
        _state = (int)NpRandom.Integers(2);
        return new StepResult<int>(_state, reward, false, _steps >= 8, Info());
    }

    private Dictionary<string, object> Info() => new() { ["action_mask"] = Masks[_state] };
}

/// <summary>The same game with its mask given through <see cref="IActionMaskProvider"/>.</summary>
public sealed class MaskProviderChoice : Env<int, int>, IActionMaskProvider
{
    private readonly MaskedChoice _inner = new();
    public override Space<int> ObservationSpace => _inner.ObservationSpace;
    public override Space<int> ActionSpace => _inner.ActionSpace;
    private int _state;

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = _inner.Reset(seed, options);
        _state = r.Observation;
        return r with { Info = Infos.Empty };
    }

    public override StepResult<int> Step(int action)
    {
        var r = _inner.Step(action);
        _state = r.Observation;
        return r with { Info = Infos.Empty };
    }

    public void WriteActionMask(Span<byte> mask)
    {
        mask.Clear();
        if (_state == 0) { mask[1] = 1; mask[3] = 1; } else { mask[0] = 1; mask[2] = 1; }
    }
}

/// <summary>
/// Dict observations (a goal in Discrete(3) and two noise values in a Box): the agent must pick action = goal.
/// Proves composite observation spaces reach the network through <c>Flatten</c>. 4-step episodes.
/// </summary>
public sealed class DictGoal : Env<IReadOnlyDictionary<string, object>, int>
{
    private int _goal, _steps;
    public override Space<IReadOnlyDictionary<string, object>> ObservationSpace { get; } =
        new DictSpace(("goal", new Discrete(3)), ("noise", new Box<float>(-1f, 1f, 2)));
    public override Space<int> ActionSpace { get; } = new Discrete(3);

    public static IReadOnlyDictionary<string, object> Observation(int goal, float a = 0, float b = 0) =>
        new Dictionary<string, object> { ["goal"] = goal, ["noise"] = new[] { a, b } };

    public override ResetResult<IReadOnlyDictionary<string, object>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        return new(Next(), Infos.Empty);
    }

    public override StepResult<IReadOnlyDictionary<string, object>> Step(int action)
    {
        double reward = action == _goal ? 1 : 0;
        _steps++;
        return new(Next(), reward, false, _steps >= 4, Infos.Empty);
    }

    private IReadOnlyDictionary<string, object> Next()
    {
        _goal = (int)NpRandom.Integers(3);
        return Observation(_goal, (float)NpRandom.Uniform(-1, 1), (float)NpRandom.Uniform(-1, 1));
    }
}
