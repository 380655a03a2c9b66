using DotGym.Snapshots;
using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Vector;

/// <summary>
/// Normalises a vector env's float32 observations to roughly zero mean and unit variance with one running estimate
/// shared by all sub-envs (Gymnasium's <c>gymnasium.wrappers.vector.NormalizeObservation</c>):
/// <c>(obs - mean) / sqrt(var + epsilon)</c> in float32, the statistics updated with the whole batch
/// (<see cref="RunningMeanStd{T}.Update{TIn}(ReadOnlySpan{TIn}, int)"/>) on every reset and step while
/// <see cref="UpdateRunningMean"/> is true (freeze it for evaluation).
/// <para>
/// As in Gymnasium: the vector env must use <see cref="AutoresetMode.NextStep"/> (final observations of the other
/// modes would pass un-normalised), partial resets are refused, and epsilon must be positive. With one sub-env the
/// stream equals the single-env <see cref="NormalizeObservation{T,TAct}"/> bit for bit. The returned observations are
/// a wrapper-owned batch (valid until the next call); stepping allocates nothing.
/// </para>
/// </summary>
public sealed class NormalizeVectorObservation<TAct> : VectorWrapper<float[], TAct>
{
    private readonly ArrayBatch<float> _normalized;
    private readonly int _size;

    /// <summary>Normalises the observations of <paramref name="env"/> (the wrapper takes ownership).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The vector env does not autoreset on the next step.</exception>
    public NormalizeVectorObservation(IVectorEnv<float[], TAct> env, double epsilon = 1e-8) : base(env)
    {
        if (!(epsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be > 0: it keeps sqrt(var + epsilon) away from zero (Gymnasium's default is 1e-8).");
        if (env.AutoresetMode != AutoresetMode.NextStep)
            throw new ArgumentException(
                $"NormalizeVectorObservation needs a vector env with AutoresetMode.NextStep, but {env} uses {env.AutoresetMode} (its final observations would not be normalised). " +
                "Make it with autoresetMode: AutoresetMode.NextStep (the default of Gym.MakeVec), as Gymnasium requires.", nameof(env));
        var shape = env.SingleObservationSpace.Shape;
        var single = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, shape.Length == 0 ? [1] : shape);
        SingleObservationSpace = single;
        ObservationSpace = new BatchedSpace<float[]>(single, env.NumEnvs);
        _size = single.Size;
        _normalized = new ArrayBatch<float>(env.NumEnvs, single.Shape);
        ObservationRms = new RunningMeanStd<float>(_size);
        Epsilon = epsilon;
    }

    /// <summary><c>Box(-inf, inf, shape, float32)</c>, as Gymnasium.</summary>
    public override Space<float[]> SingleObservationSpace { get; }
    /// <inheritdoc/>
    public override Space ObservationSpace { get; }
    /// <summary>The running statistics, shared by every sub-env.</summary>
    public RunningMeanStd<float> ObservationRms { get; }
    /// <summary>Added to the variance under the square root.</summary>
    public double Epsilon { get; }
    /// <summary>Whether resets and steps update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <summary>Refuses partial resets, as Gymnasium: the statistics are updated with whole batches only.</summary>
    protected override void CheckResetMask(ReadOnlySpan<bool> mask)
    {
        if (mask.Contains(false))
            throw new ArgumentException("NormalizeVectorObservation does not support partial resets (as Gymnasium): reset every sub-env, or normalise each sub-env with its own NormalizeObservation through Gym.MakeVec(..., wrappers: ...).", nameof(mask));
    }

    protected override VectorResetResult<float[]> ModifyReset(in VectorResetResult<float[]> result, ReadOnlySpan<bool> mask) =>
        result with { Observations = Normalize(result.Observations) };

    protected override VectorStepResult<float[]> ModifyStep(in VectorStepResult<float[]> result) =>
        result with { Observations = Normalize(result.Observations) };

    private ArrayBatch<float> Normalize(Batch<float[]> observations)
    {
        var data = observations.AsSpan<float>();
        if (data.Length != _normalized.Data.Length)
            throw new InvalidOperationException($"NormalizeVectorObservation expected {NumEnvs} observations of {_size} values from {Env}, got {data.Length} values.");
        if (UpdateRunningMean) ObservationRms.Update<float>(data, NumEnvs);
        var mean = ObservationRms.Mean;
        var output = _normalized.Data;
        for (int j = 0; j < _size; j++)
        {
            float std = ObservationRms.StdWithEpsilon(j, Epsilon);
            for (int r = 0; r < NumEnvs; r++) output[r * _size + j] = (data[r * _size + j] - mean[j]) / std;
        }
        return _normalized;
    }

    public override void SaveState(BinaryWriter writer)
    {
        base.SaveState(writer);
        StateSnapshot.WriteHeader(writer, "NormalizeVectorObservation");
        ObservationRms.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        base.LoadState(reader);
        StateSnapshot.ReadHeader(reader, "NormalizeVectorObservation");
        ObservationRms.LoadState(reader, "NormalizeVectorObservation");
    }
}
