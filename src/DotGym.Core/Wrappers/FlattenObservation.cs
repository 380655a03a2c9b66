using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Flattens observations of any flattenable space (Box of any dtype, Discrete, MultiDiscrete, MultiBinary, Text, and
/// Dict/Tuple of those) into a one-dimensional <see cref="Box{T}"/> of <typeparamref name="TFlat"/> (float or double)
/// with <see cref="Space.FlatDim"/> elements (Gymnasium's <c>FlattenObservation</c>). Values and bounds come from
/// <see cref="SpaceUtils"/>: boxes row-major with their own bounds, discrete values one-hot in [0, 1], Dict and Tuple
/// parts concatenated in order. The flat observation is a reused buffer, valid until the next reset or step; no
/// step allocates. Create with <see cref="FlattenObservation.ToDouble"/> or <see cref="FlattenObservation.ToSingle"/>
/// to have the types inferred.
/// </summary>
public sealed class FlattenObservation<TObs, TAct, TFlat> : ObservationWrapper<TFlat[], TAct, TObs>
    where TFlat : unmanaged, IFloatingPointIeee754<TFlat>
{
    private readonly double[] _flat;
    private readonly TFlat[] _output;

    public FlattenObservation(Env<TObs, TAct> env) : base(env)
    {
        var space = env.ObservationSpace;
        if (!space.IsFlattenable) throw new ArgumentException($"FlattenObservation cannot flatten {space}: the space is not flattenable (Gymnasium's is_np_flattenable is False).", nameof(env));
        Box<double> flatSpace;
        try { flatSpace = SpaceUtils.FlattenSpace(space); }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"FlattenObservation needs the flat bounds of {space}, which does not provide them; override GetFlatBounds in its space class.", nameof(env), e);
        }
        _flat = new double[flatSpace.Size];
        _output = typeof(TFlat) == typeof(double) ? (TFlat[])(object)_flat : new TFlat[_flat.Length];
        ObservationSpace = new Box<TFlat>(Cast(flatSpace.Low), Cast(flatSpace.High), flatSpace.Shape);
    }

    public override Space<TFlat[]> ObservationSpace { get; }

    /// <summary>Writes the flattened observation into the wrapper's buffer and returns it.</summary>
    public override TFlat[] Observation(TObs observation)
    {
        Env.ObservationSpace.Flatten(observation, _flat);
        if (!ReferenceEquals(_output, _flat))
            for (int i = 0; i < _flat.Length; i++) _output[i] = TFlat.CreateTruncating(_flat[i]);
        return _output;
    }

    private static TFlat[] Cast(double[] values) => Array.ConvertAll(values, TFlat.CreateTruncating);
}

/// <summary>Type-inferring constructors for <see cref="FlattenObservation{TObs,TAct,TFlat}"/>.</summary>
public static class FlattenObservation
{
    /// <summary>Flattens observations to float64 vectors.</summary>
    public static FlattenObservation<TObs, TAct, double> ToDouble<TObs, TAct>(Env<TObs, TAct> env) => new(env);

    /// <summary>Flattens observations to float32 vectors.</summary>
    public static FlattenObservation<TObs, TAct, float> ToSingle<TObs, TAct>(Env<TObs, TAct> env) => new(env);
}
