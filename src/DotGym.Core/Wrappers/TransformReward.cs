namespace DotGym.Wrappers;

/// <summary>Applies a function to every reward (Gymnasium's <c>TransformReward</c>), e.g. clipping or scaling.</summary>
public sealed class TransformReward<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly Func<double, double> _transform;

    public TransformReward(Env<TObs, TAct> env, Func<double, double> transform) : base(env) =>
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        return result with { Reward = _transform(result.Reward) };
    }
}
