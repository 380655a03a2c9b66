using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// A wrapper that maps every observation from reset and step with <see cref="Observation"/> and leaves actions,
/// rewards, flags and info alone (Gymnasium's <c>ObservationWrapper</c>).
/// </summary>
public abstract class ObservationWrapper<TObs, TAct, TInnerObs> : Wrapper<TObs, TAct, TInnerObs, TAct>
{
    protected ObservationWrapper(Env<TInnerObs, TAct> env) : base(env) { }

    public override Space<TAct> ActionSpace => Env.ActionSpace;

    /// <summary>Maps one observation of the wrapped env.</summary>
    public abstract TObs Observation(TInnerObs observation);

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var (observation, info) = Env.Reset(seed, options);
        return new ResetResult<TObs>(Observation(observation), info);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        var r = Env.Step(action);
        return new StepResult<TObs>(Observation(r.Observation), r.Reward, r.Terminated, r.Truncated, r.Info);
    }
}
