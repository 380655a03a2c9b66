using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Normalises float32 observations to roughly zero mean and unit variance with a running estimate (Gymnasium's
/// <c>NormalizeObservation</c>): <c>(obs - mean) / sqrt(var + epsilon)</c>, updated on every reset and step while
/// <see cref="UpdateRunningMean"/> is true (freeze it for evaluation). The observation space becomes
/// <c>Box(-inf, inf, shape, float32)</c>. For other observation types, convert with
/// <see cref="TransformObservation{TObs,TAct,TNewObs}"/> first.
/// </summary>
public sealed class NormalizeObservation<TAct> : Wrapper<float[], TAct, float[], TAct>
{
    private readonly float[] _normalized;
    private readonly float _epsilon;

    public NormalizeObservation(Env<float[], TAct> env, double epsilon = 1e-8) : base(env)
    {
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0 (it keeps the division stable).");
        var shape = env.ObservationSpace.Shape;
        ObservationSpace = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, shape.Length == 0 ? [1] : shape);
        int size = ((Box<float>)ObservationSpace).Size;
        ObservationRms = new RunningMeanStd<float>(size);
        _normalized = new float[size];
        Epsilon = epsilon;
        _epsilon = (float)epsilon; // numpy adds the Python float to a float32 array in float32
    }

    public override Space<float[]> ObservationSpace { get; }
    public override Space<TAct> ActionSpace => Env.ActionSpace;
    /// <summary>The running statistics (float32, like Gymnasium's).</summary>
    public RunningMeanStd<float> ObservationRms { get; }
    public double Epsilon { get; }
    /// <summary>Whether resets and steps update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        return result with { Observation = Normalize(result.Observation) };
    }

    public override StepResult<float[]> Step(TAct action)
    {
        var result = Env.Step(action);
        return result with { Observation = Normalize(result.Observation) };
    }

    /// <summary>Returns a wrapper-owned buffer, valid until the next reset or step.</summary>
    private float[] Normalize(float[] observation)
    {
        if (observation is null || observation.Length != _normalized.Length)
            throw new InvalidOperationException($"NormalizeObservation expected an observation of {_normalized.Length} floats from {Env}, got {observation?.Length.ToString() ?? "null"}.");
        if (UpdateRunningMean) ObservationRms.Update(observation);
        var mean = ObservationRms.Mean;
        var variance = ObservationRms.Var;
        for (int i = 0; i < observation.Length; i++)
            _normalized[i] = (observation[i] - mean[i]) / MathF.Sqrt(variance[i] + _epsilon);
        return _normalized;
    }
}
