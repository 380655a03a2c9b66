using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Flattens observations of any flattenable space into a one-dimensional <see cref="Box{T}"/> of
/// <typeparamref name="TFlat"/> (float or double) with <see cref="Space.FlatDim"/> elements (Gymnasium's
/// <c>FlattenObservation</c>): boxes are laid out row-major, discrete values one-hot. The flat observation is a
/// reused buffer, valid until the next reset or step. Create with <see cref="FlattenObservation.ToDouble"/> or
/// <see cref="FlattenObservation.ToSingle"/> to have the types inferred.
/// </summary>
public sealed class FlattenObservation<TObs, TAct, TFlat> : Wrapper<TFlat[], TAct, TObs, TAct>
    where TFlat : unmanaged, IFloatingPointIeee754<TFlat>
{
    private readonly double[] _flat;
    private readonly TFlat[] _output;

    public FlattenObservation(Env<TObs, TAct> env) : base(env)
    {
        var space = env.ObservationSpace;
        if (!space.IsFlattenable) throw new ArgumentException($"FlattenObservation cannot flatten {space}: the space is not flattenable.", nameof(env));
        _flat = new double[space.FlatDim];
        _output = typeof(TFlat) == typeof(double) ? (TFlat[])(object)_flat : new TFlat[space.FlatDim];
        var (low, high) = FlatBounds(space);
        ObservationSpace = new Box<TFlat>(low, high, [space.FlatDim]);
    }

    public override Space<TFlat[]> ObservationSpace { get; }
    public override Space<TAct> ActionSpace => Env.ActionSpace;

    public override ResetResult<TFlat[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var (observation, info) = Env.Reset(seed, options);
        return new ResetResult<TFlat[]>(Flatten(observation), info);
    }

    public override StepResult<TFlat[]> Step(TAct action)
    {
        var r = Env.Step(action);
        return new StepResult<TFlat[]>(Flatten(r.Observation), r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    private TFlat[] Flatten(TObs observation)
    {
        Env.ObservationSpace.Flatten(observation, _flat);
        if (!ReferenceEquals(_output, _flat))
            for (int i = 0; i < _flat.Length; i++) _output[i] = TFlat.CreateTruncating(_flat[i]);
        return _output;
    }

    /// <summary>Bounds of the flattened space: a box keeps its bounds, a discrete one-hot lies in [0, 1], anything else is unbounded.</summary>
    private static (TFlat[] Low, TFlat[] High) FlatBounds(Space space)
    {
        int n = space.FlatDim;
        var low = new TFlat[n];
        var high = new TFlat[n];
        switch (space)
        {
            case Box<float> b: Copy(b.Low, low); Copy(b.High, high); break;
            case Box<double> b: Copy(b.Low, low); Copy(b.High, high); break;
            case Box<int> b: Copy(b.Low, low); Copy(b.High, high); break;
            case Box<byte> b: Copy(b.Low, low); Copy(b.High, high); break;
            case Discrete: Array.Fill(high, TFlat.One); break;
            default: Array.Fill(low, TFlat.NegativeInfinity); Array.Fill(high, TFlat.PositiveInfinity); break;
        }
        return (low, high);
    }

    private static void Copy<TSource>(TSource[] source, TFlat[] destination) where TSource : INumber<TSource>
    {
        for (int i = 0; i < source.Length; i++) destination[i] = TFlat.CreateTruncating(source[i]);
    }
}

/// <summary>Type-inferring constructors for <see cref="FlattenObservation{TObs,TAct,TFlat}"/>.</summary>
public static class FlattenObservation
{
    /// <summary>Flattens observations to float64 vectors.</summary>
    public static FlattenObservation<TObs, TAct, double> ToDouble<TObs, TAct>(Env<TObs, TAct> env) => new(env);

    /// <summary>Flattens observations to float32 vectors.</summary>
    public static FlattenObservation<TObs, TAct, float> ToSingle<TObs, TAct>(Env<TObs, TAct> env) => new(env);
}
