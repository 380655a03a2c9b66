using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Normalises float32 or float64 observations to roughly zero mean and unit variance with a running estimate
/// (Gymnasium's <c>NormalizeObservation</c>): <c>float32((obs - mean) / sqrt(var + epsilon))</c>, with the statistics
/// updated on every reset and step while <see cref="UpdateRunningMean"/> is true (freeze it for evaluation). The
/// observation space becomes <c>Box(-inf, inf, shape, float32)</c>, as in Gymnasium, whatever the input precision.
/// <para>
/// Arithmetic follows numpy: float32 observations are normalised in float32; float64 observations in float64 (the
/// statistics start as float32 arrays and are promoted by the first update, see <see cref="RunningMeanStd{T}"/>).
/// Integer observations (e.g. <c>Box&lt;byte&gt;</c> images) can be converted first with
/// <see cref="FlattenObservation.ToSingle"/> or a <see cref="TransformObservation{TObs,TAct,TNewObs}"/>.
/// Create with <see cref="NormalizeObservation.Create{TAct}(Env{float[], TAct}, double)"/> to have the types inferred.
/// </para>
/// </summary>
public sealed class NormalizeObservation<T, TAct> : ObservationWrapper<float[], TAct, T[]> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly float[] _normalized;

    public NormalizeObservation(Env<T[], TAct> env, double epsilon = 1e-8) : base(env)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"NormalizeObservation takes float[] or double[] observations, not {TypeNames.Of<T>()}[]; convert them first with FlattenObservation.ToSingle or TransformObservation.");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0 (it keeps the division stable).");
        var shape = env.ObservationSpace.Shape;
        var space = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, shape.Length == 0 ? [1] : shape);
        ObservationSpace = space;
        ObservationRms = new RunningMeanStd<T>(space.Size, float32Start: true);
        _normalized = new float[space.Size];
        Epsilon = epsilon;
    }

    public override Space<float[]> ObservationSpace { get; }
    /// <summary>The running statistics.</summary>
    public RunningMeanStd<T> ObservationRms { get; }
    public double Epsilon { get; }
    /// <summary>Whether resets and steps update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <summary>Updates the statistics (unless frozen) and returns a wrapper-owned buffer, valid until the next reset or step.</summary>
    public override float[] Observation(T[] observation)
    {
        if (observation is null || observation.Length != _normalized.Length)
            throw new InvalidOperationException($"NormalizeObservation expected an observation of {_normalized.Length} values from {Env}, got {observation?.Length.ToString() ?? "null"}.");
        if (UpdateRunningMean) ObservationRms.Update(observation);
        var mean = ObservationRms.Mean;
        for (int i = 0; i < observation.Length; i++)
            _normalized[i] = float.CreateTruncating((observation[i] - mean[i]) / ObservationRms.StdWithEpsilon(i, Epsilon));
        return _normalized;
    }

    protected override void SaveOwnState(BinaryWriter writer)
    {
        ObservationRms.SaveState(writer);
    }

    protected override void LoadOwnState(BinaryReader reader)
    {
        ObservationRms.LoadState(reader, "NormalizeObservation");
    }
}

/// <summary>Type-inferring constructors for <see cref="NormalizeObservation{T,TAct}"/>.</summary>
public static class NormalizeObservation
{
    /// <summary>Normalises float32 observations (in float32).</summary>
    public static NormalizeObservation<float, TAct> Create<TAct>(Env<float[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);

    /// <summary>Normalises float64 observations (in float64) into float32 outputs.</summary>
    public static NormalizeObservation<double, TAct> Create<TAct>(Env<double[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);
}
