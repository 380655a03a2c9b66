using DotGym.Spaces;

namespace DotGym.Tests.Vector;

/// <summary>
/// A small seeded test env: a noisy 1-D random walk whose episodes last a random 1..maxLength steps and end
/// terminated (position &gt; 0) or truncated. Like real envs it reuses one observation buffer and one info dictionary
/// for reset and step, so a vector env that forgets to copy before an autoreset is caught.
/// </summary>
internal sealed class RandomWalkEnv : Env<float[], int>
{
    private readonly int _maxLength;
    private readonly bool _reportInfo;
    private readonly float[] _observation = new float[3];
    private readonly Dictionary<string, object> _info = [];
    private int _length;
    private int _steps;
    private float _position;

    public RandomWalkEnv(int maxLength = 6, bool reportInfo = true)
    {
        _maxLength = maxLength;
        _reportInfo = reportInfo;
    }

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, 3);
    public override Space<int> ActionSpace { get; } = new Discrete(3);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _length = (int)NpRandom.Integers(1, _maxLength + 1);
        _steps = 0;
        _position = options is not null && options.TryGetValue("start", out var start) ? Convert.ToSingle(start) : (float)NpRandom.Uniform(-1, 1);
        WriteObservation();
        if (!_reportInfo) return new(_observation, Infos.Empty);
        _info.Clear();
        _info["length"] = _length;
        return new(_observation, _info);
    }

    public override StepResult<float[]> Step(int action)
    {
        _position += action - 1 + (float)NpRandom.Uniform(-0.1, 0.1);
        _steps++;
        bool ended = _steps >= _length;
        bool terminated = ended && _position > 0;
        WriteObservation();
        IReadOnlyDictionary<string, object> info = Infos.Empty;
        if (ended && _reportInfo)
        {
            _info.Clear();
            _info["episode_steps"] = _steps;
            info = _info;
        }
        return new(_observation, _position, terminated, ended && !terminated, info);
    }

    private void WriteObservation()
    {
        _observation[0] = _position;
        _observation[1] = _steps;
        _observation[2] = _length;
    }
}

/// <summary>A test env with a Discrete observation (the steps left), to exercise the scalar batch layout.</summary>
internal sealed class CountdownEnv : Env<int, int>
{
    private int _left;

    public override Space<int> ObservationSpace { get; } = new Discrete(8);
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _left = (int)NpRandom.Integers(1, 8);
        return new(_left, Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        _left = Math.Max(0, _left - 1 - action);
        return new(_left, action + NpRandom.Random(), _left == 0 && action == 1, _left == 0 && action == 0, Infos.Empty);
    }
}
