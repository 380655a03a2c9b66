using DotGym.Rendering;

namespace DotGym.Wrappers;

/// <summary>Raises a clear error on <c>Step</c> or <c>Render</c> before the first <c>Reset</c> (Gymnasium's <c>OrderEnforcing</c>).</summary>
public sealed class OrderEnforcing<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly bool _disableRenderOrderEnforcing;

    public OrderEnforcing(Env<TObs, TAct> env, bool disableRenderOrderEnforcing = false) : base(env) =>
        _disableRenderOrderEnforcing = disableRenderOrderEnforcing;

    public bool HasReset { get; private set; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        HasReset = true;
        return Env.Reset(seed, options);
    }

    protected override void SaveOwnState(BinaryWriter writer) => writer.Write(HasReset);

    protected override void LoadOwnState(BinaryReader reader) => HasReset = reader.ReadBoolean();

    public override StepResult<TObs> Step(TAct action)
    {
        if (!HasReset) throw new ResetNeededException($"Cannot call Step() on {Env} before Reset(). Call env.Reset(seed) first to start an episode.");
        return Env.Step(action);
    }

    public override RenderFrame? Render()
    {
        if (!_disableRenderOrderEnforcing && !HasReset)
            throw new ResetNeededException($"Cannot call Render() on {Env} before Reset(). Call env.Reset() first.");
        return Env.Render();
    }
}

/// <summary>Thrown when an env is used before <c>Reset</c> or stepped after its episode ended.</summary>
public sealed class ResetNeededException(string message) : InvalidOperationException(message);
