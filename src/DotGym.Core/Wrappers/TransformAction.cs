using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Maps the agent's action with a function before passing it to the env (Gymnasium's <c>TransformAction</c>).
/// <c>actionSpace</c> is the space the agent acts in; it may be omitted only when the types match and
/// the space is unchanged.
/// </summary>
public class TransformAction<TObs, TAct, TInnerAct> : Wrapper<TObs, TAct, TObs, TInnerAct>
{
    private readonly Func<TAct, TInnerAct> _transform;

    public TransformAction(Env<TObs, TInnerAct> env, Func<TAct, TInnerAct> transform, Space<TAct>? actionSpace = null) : base(env)
    {
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
        ActionSpace = actionSpace ?? env.ActionSpace as Space<TAct>
            ?? throw new ArgumentException($"TransformAction maps {TypeNames.Of<TAct>()} actions to {TypeNames.Of<TInnerAct>()}; pass the new action space.", nameof(actionSpace));
    }

    public override Space<TObs> ObservationSpace => Env.ObservationSpace;
    public override Space<TAct> ActionSpace { get; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => Env.Reset(seed, options);

    public override StepResult<TObs> Step(TAct action) => Env.Step(_transform(action));
}
