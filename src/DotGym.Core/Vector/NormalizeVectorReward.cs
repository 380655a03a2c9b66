using DotGym.Snapshots;
using DotGym.Wrappers;

namespace DotGym.Vector;

/// <summary>
/// Scales a vector env's rewards so that their discounted sums have roughly unit variance (Gymnasium's
/// <c>gymnasium.wrappers.vector.NormalizeReward</c>): each sub-env keeps a float32 accumulated return
/// <c>G = G * gamma * (1 - terminated) + r</c>; the accumulated returns of the sub-envs that took a real step update
/// one float64 running variance (their float32 mean and variance as numpy takes them), and every reward is returned as
/// <c>r / sqrt(var + epsilon)</c> (not centred). Freeze the statistics with <see cref="UpdateRunningMean"/>.
/// <para>
/// Gymnasium's update semantics: with <see cref="AutoresetMode.NextStep"/> (or Disabled) the step after an episode
/// ended is the reset step and neither accumulates nor updates; with <see cref="AutoresetMode.SameStep"/> every step
/// counts and the accumulator of a finished episode restarts at 0. A full reset zeroes every accumulator; a partial
/// reset zeroes those of the reset sub-envs (Gymnasium zeroes all of them even then; only the selected episodes
/// restart, so only their returns do here). Rewards are returned in a wrapper-owned buffer; stepping allocates nothing.
/// </para>
/// </summary>
public sealed class NormalizeVectorReward<TObs, TAct> : VectorWrapper<TObs, TAct>
{
    private readonly float[] _accumulated;
    private readonly bool[] _previousDone;
    private readonly float[] _active;
    private readonly float[] _scratch;
    private readonly double[] _scaled;
    private readonly AutoresetMode _autoreset;

    /// <summary>Normalises the rewards of <paramref name="env"/> (the wrapper takes ownership).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is outside [0, 1] or <paramref name="epsilon"/> is not positive.</exception>
    public NormalizeVectorReward(IVectorEnv<TObs, TAct> env, double gamma = 0.99, double epsilon = 1e-8) : base(env)
    {
        if (!(gamma is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1]: above 1 the accumulated return diverges, below 0 it flips sign every step.");
        if (!(epsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be > 0: it keeps sqrt(var + epsilon) away from zero (Gymnasium's default is 1e-8).");
        Gamma = gamma;
        Epsilon = epsilon;
        int n = env.NumEnvs;
        _accumulated = new float[n];
        _previousDone = new bool[n];
        _active = new float[n];
        _scratch = new float[n];
        _scaled = new double[n];
        _autoreset = env.AutoresetMode;
    }

    /// <summary>The discount of the accumulated return.</summary>
    public double Gamma { get; }
    /// <summary>Added to the variance under the square root.</summary>
    public double Epsilon { get; }
    /// <summary>The running statistics of the accumulated returns (float64, one value).</summary>
    public RunningMeanStd<double> ReturnRms { get; } = new(1);
    /// <summary>Each sub-env's accumulated discounted return (float32, as Gymnasium).</summary>
    public ReadOnlySpan<float> AccumulatedReward => _accumulated;
    /// <summary>Whether steps update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    protected override void OnReset(in VectorResetResult<TObs> result, ReadOnlySpan<bool> mask)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!mask.IsEmpty && !mask[i]) continue;
            _accumulated[i] = 0;
            _previousDone[i] = false;
        }
    }

    protected override VectorStepResult<TObs> ModifyStep(in VectorStepResult<TObs> result)
    {
        bool sameStep = _autoreset == AutoresetMode.SameStep;
        float gamma = (float)Gamma; // numpy: a float32 array times a Python float stays float32
        int active = 0;
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!sameStep && _previousDone[i]) continue;
            // (1 - terminated) is an int64 array in numpy, so the product and the sum are float64, stored back as float32.
            double kept = result.Terminated[i] ? 0.0 : 1.0;
            _accumulated[i] = (float)((double)(_accumulated[i] * gamma) * kept + result.Rewards[i]);
            _active[active++] = _accumulated[i];
        }
        if (UpdateRunningMean && active > 0)
        {
            var returns = _active.AsSpan(0, active);
            float mean = NumpyReductions32.Mean(returns), variance = NumpyReductions32.Variance(returns, _scratch);
            ReturnRms.UpdateFromMoments<float>([mean], [variance], active);
        }
        for (int i = 0; i < NumEnvs; i++)
        {
            _previousDone[i] = result.Terminated[i] || result.Truncated[i];
            if (sameStep && _previousDone[i]) _accumulated[i] = 0;
        }
        double std = ReturnRms.StdWithEpsilon(0, Epsilon);
        for (int i = 0; i < NumEnvs; i++) _scaled[i] = result.Rewards[i] / std;
        return result with { Rewards = _scaled };
    }

    public override void SaveState(BinaryWriter writer)
    {
        base.SaveState(writer);
        StateSnapshot.WriteHeader(writer, "NormalizeVectorReward");
        StateSnapshot.WriteValues<float>(writer, _accumulated);
        StateSnapshot.WriteValues<bool>(writer, _previousDone);
        ReturnRms.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        base.LoadState(reader);
        const string owner = "NormalizeVectorReward";
        StateSnapshot.ReadHeader(reader, owner);
        StateSnapshot.ReadValues<float>(reader, _accumulated, owner);
        StateSnapshot.ReadValues<bool>(reader, _previousDone, owner);
        ReturnRms.LoadState(reader, owner);
    }
}
