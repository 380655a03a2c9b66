namespace DotGym.Wrappers;

/// <summary>
/// Resets the env automatically on the step after an episode ends (Gymnasium 1.x's <c>Autoreset</c>, "next-step"
/// mode): the step that ends an episode returns its final observation as usual; the following <c>Step</c> ignores
/// its action, resets the env (without a seed) and returns the first observation of the new episode with reward 0,
/// both flags false and the reset info.
/// </summary>
public sealed class Autoreset<TObs, TAct> : Wrapper<TObs, TAct>
{

    public Autoreset(Env<TObs, TAct> env) : base(env) { }

    /// <summary>Whether the next <c>Step</c> will reset instead of stepping.</summary>
    public bool PendingReset { get; private set; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        PendingReset = false;
        return Env.Reset(seed, options);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        StepResult<TObs> result;
        if (PendingReset)
        {
            var (observation, info) = Env.Reset();
            result = new StepResult<TObs>(observation, 0.0, false, false, info);
        }
        else result = Env.Step(action);
        PendingReset = result.Terminated || result.Truncated;
        return result;
    }

    protected override void SaveOwnState(BinaryWriter writer) => writer.Write(PendingReset);

    protected override void LoadOwnState(BinaryReader reader) => PendingReset = reader.ReadBoolean();
}
