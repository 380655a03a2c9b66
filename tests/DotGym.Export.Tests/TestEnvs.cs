using DotGym.Spaces;

namespace DotGym.Export.Tests;

/// <summary>
/// Observations with very different means and scales per value (so the normaliser matters), any action space,
/// 16-step episodes: a stand-in for a game whose policy is exported. Rewards are noise; nothing is learnt.
/// </summary>
public sealed class ScaledNoise<TAct>(Space<TAct> actionSpace) : Env<float[], TAct>
{
    public static readonly double[] Offsets = [0, 5, -3, 100, 0.5, -20];
    public static readonly double[] Scales = [1, 0.1, 4, 30, 0.01, 7];
    private int _steps;

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, Offsets.Length);
    public override Space<TAct> ActionSpace { get; } = actionSpace;

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        return new(Observation(), Infos.Empty);
    }

    public override StepResult<float[]> Step(TAct action)
    {
        _steps++;
        return new(Observation(), NpRandom.StandardNormal(), false, _steps >= 16, Infos.Empty);
    }

    private float[] Observation()
    {
        var obs = new float[Offsets.Length];
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)(Offsets[i] + Scales[i] * NpRandom.StandardNormal());
        return obs;
    }
}

/// <summary>A Discrete(7, start: 3) observation (a tabular state, one-hot for the network) with Discrete(3, start: -1) actions.</summary>
public sealed class IndexStates : Env<int, int>
{
    private int _steps;

    public override Space<int> ObservationSpace { get; } = new Discrete(7, start: 3);
    public override Space<int> ActionSpace { get; } = new Discrete(3, start: -1);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _steps = 0;
        return new(3 + (int)NpRandom.Integers(7), Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        _steps++;
        return new(3 + (int)NpRandom.Integers(7), action, false, _steps >= 16, Infos.Empty);
    }
}
