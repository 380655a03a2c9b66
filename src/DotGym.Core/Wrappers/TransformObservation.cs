using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Applies a function to every observation from reset and step (Gymnasium's <c>TransformObservation</c>).
/// Pass the <c>observationSpace</c> the function maps into; it may be omitted only when the types
/// match and the space is unchanged.
/// </summary>
public sealed class TransformObservation<TObs, TAct, TNewObs> : ObservationWrapper<TNewObs, TAct, TObs>
{
    private readonly Func<TObs, TNewObs> _transform;

    public TransformObservation(Env<TObs, TAct> env, Func<TObs, TNewObs> transform, Space<TNewObs>? observationSpace = null) : base(env)
    {
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
        ObservationSpace = observationSpace ?? env.ObservationSpace as Space<TNewObs>
            ?? throw new ArgumentException($"TransformObservation maps {TypeNames.Of<TObs>()} observations to {TypeNames.Of<TNewObs>()}; pass the new observation space.", nameof(observationSpace));
    }

    public override Space<TNewObs> ObservationSpace { get; }

    public override TNewObs Observation(TObs observation) => _transform(observation);
}

/// <summary>Type-inferring constructors for the transform wrappers.</summary>
public static class Transform
{
    /// <summary>Maps observations with <paramref name="transform"/> into <c>observationSpace</c>.</summary>
    public static TransformObservation<TObs, TAct, TNewObs> Observation<TObs, TAct, TNewObs>(
        Env<TObs, TAct> env, Func<TObs, TNewObs> transform, Space<TNewObs>? observationSpace = null) => new(env, transform, observationSpace);

    /// <summary>Maps rewards with <paramref name="transform"/>.</summary>
    public static TransformReward<TObs, TAct> Reward<TObs, TAct>(Env<TObs, TAct> env, Func<double, double> transform) => new(env, transform);

    /// <summary>Accepts actions from <paramref name="actionSpace"/> and maps them with <paramref name="transform"/> before stepping.</summary>
    public static TransformAction<TObs, TAct, TInnerAct> Action<TObs, TAct, TInnerAct>(
        Env<TObs, TInnerAct> env, Func<TAct, TInnerAct> transform, Space<TAct>? actionSpace = null) => new(env, transform, actionSpace);
}
