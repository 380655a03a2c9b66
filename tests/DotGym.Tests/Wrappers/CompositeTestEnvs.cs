using DotGym.Spaces;

namespace DotGym.Tests.Wrappers;

/// <summary>
/// Envs with composite observation spaces for flattening tests. Each draws its observations from its generator and
/// the action, and keeps them inside its space; episodes terminate after <c>EpisodeLength</c> steps. The step count
/// and the generator are the whole state, so these envs support snapshots.
/// </summary>
public abstract class CompositeObservationEnv<TObs>(Space<TObs> observationSpace) : Env<TObs, int>
{
    protected const int EpisodeLength = 7;
    private int _steps;

    public override Space<TObs> ObservationSpace { get; } = observationSpace;
    public override Space<int> ActionSpace { get; } = new Discrete(3);
    public override bool SupportsStateSnapshot => true;

    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(_steps);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        _steps = reader.ReadInt32();
        NpRandom.LoadState(reader);
    }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        return new ResetResult<TObs>(Observe(0), Infos.Empty);
    }

    public override StepResult<TObs> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        _steps++;
        return new StepResult<TObs>(Observe(action), action - 1, _steps >= EpisodeLength, false, Infos.Empty);
    }

    protected abstract TObs Observe(int action);
}

/// <summary>Dict(position: Box float32 [-1, 2]^2, grid: MultiDiscrete [3, 2] with start [0, -1], flags: MultiBinary(3), mode: Discrete(4, start 1)).</summary>
public sealed class DictObservationEnv() : CompositeObservationEnv<IReadOnlyDictionary<string, object>>(Space)
{
    public static readonly DictSpace Space = new(
        ("position", new Box<float>([-1f, -1f], [2f, 2f])),
        ("grid", new MultiDiscrete([3, 2], [0, -1])),
        ("flags", new MultiBinary(3)),
        ("mode", new Discrete(4, start: 1)));

    protected override IReadOnlyDictionary<string, object> Observe(int action) => new Dictionary<string, object>
    {
        ["position"] = new[] { (float)NpRandom.Uniform(-1, 2), (float)NpRandom.Uniform(-1, 2) },
        ["grid"] = new[] { action, (int)NpRandom.Integers(2) - 1 },
        ["flags"] = new[] { (byte)NpRandom.Integers(2), (byte)(action == 2 ? 1 : 0), (byte)NpRandom.Integers(2) },
        ["mode"] = 1 + (int)NpRandom.Integers(4),
    };
}

/// <summary>Tuple(Discrete(5), Box int32 [-3, 3]^2, Box float64 [0, 10]).</summary>
public sealed class TupleObservationEnv() : CompositeObservationEnv<object[]>(Space)
{
    public static readonly TupleSpace Space = new(new Discrete(5), new Box<int>(-3, 3, 2), new Box<double>(0.0, 10.0, 1));

    protected override object[] Observe(int action) =>
    [
        (int)NpRandom.Integers(5),
        new[] { action - 1, (int)NpRandom.Integers(-3, 4) },
        new[] { NpRandom.Uniform(0, 10) },
    ];
}

/// <summary>MultiDiscrete [4, 3, 2] observations in an env-owned buffer (so flattening can be checked for allocations).</summary>
public sealed class MultiDiscreteObservationEnv() : CompositeObservationEnv<int[]>(new MultiDiscrete([4, 3, 2]))
{
    private readonly int[] _observation = new int[3];

    protected override int[] Observe(int action)
    {
        _observation[0] = (int)NpRandom.Integers(4);
        _observation[1] = action;
        _observation[2] = (int)NpRandom.Integers(2);
        return _observation;
    }
}
