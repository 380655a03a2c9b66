using DotGym.Snapshots;
using DotGym.Random;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Wraps an env to change its behaviour (Gymnasium's <c>Wrapper</c>): everything not overridden forwards to
/// <see cref="Env"/>. The outer types may differ from the inner ones (e.g. a flattening wrapper).
/// </summary>
public abstract class Wrapper<TObs, TAct, TInnerObs, TInnerAct> : Env<TObs, TAct>, IWrapper
{
    protected Wrapper(Env<TInnerObs, TInnerAct> env) => Env = env ?? throw new ArgumentNullException(nameof(env));

    /// <summary>The wrapped env.</summary>
    public Env<TInnerObs, TInnerAct> Env { get; }

    /// <inheritdoc />
    IEnv IWrapper.InnerEnv => Env;

    public override EnvMetadata Metadata => Env.Metadata;
    public override EnvSpec? Spec { get => Env.Spec; set => Env.Spec = value; }
    public override string? RenderMode => Env.RenderMode;
    public override IEnv Unwrapped => Env.Unwrapped;
    public override NpGenerator NpRandom { get => Env.NpRandom; set => Env.NpRandom = value; }
    public override RenderFrame? Render() => Env.Render();

    /// <summary>A wrapper snapshots when its env does.</summary>
    public override bool SupportsStateSnapshot => Env.SupportsStateSnapshot;

    /// <summary>
    /// Writes the wrapped env's state, then this wrapper's name and its own state (<see cref="SaveOwnState"/>), so a
    /// snapshot restores only into a stack built the same way.
    /// </summary>
    public override void SaveState(BinaryWriter writer)
    {
        Env.SaveState(writer);
        StateSnapshot.WriteTag(writer, SnapshotName);
        SaveOwnState(writer);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote, inner env first.</summary>
    public override void LoadState(BinaryReader reader)
    {
        Env.LoadState(reader);
        StateSnapshot.ReadTag(reader, SnapshotName);
        LoadOwnState(reader);
    }

    /// <summary>Writes the state this wrapper adds (counters, statistics, buffered frames); stateless wrappers write nothing.</summary>
    protected virtual void SaveOwnState(BinaryWriter writer) { }

    /// <summary>Restores what <see cref="SaveOwnState"/> wrote.</summary>
    protected virtual void LoadOwnState(BinaryReader reader) { }

    private string SnapshotName => GetType().Name.Split('`')[0];

    protected override void Dispose(bool disposing)
    {
        if (disposing) Env.Dispose();
    }

    public override string ToString() => $"{GetType().Name.Split('`')[0]}<{Env}>";
}

/// <summary>A wrapper that keeps the inner observation and action types; forwards reset and step.</summary>
public abstract class Wrapper<TObs, TAct> : Wrapper<TObs, TAct, TObs, TAct>
{
    protected Wrapper(Env<TObs, TAct> env) : base(env) { }

    public override Space<TObs> ObservationSpace => Env.ObservationSpace;
    public override Space<TAct> ActionSpace => Env.ActionSpace;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => Env.Reset(seed, options);
    public override StepResult<TObs> Step(TAct action) => Env.Step(action);
}

/// <summary>
/// An env that wraps another one (every <see cref="Wrapper{TObs, TAct, TInnerObs, TInnerAct}"/> is one): how
/// <see cref="WrapperChain"/> walks a stack without reflection. Implement it on your own wrapping envs that do not
/// derive from <c>Wrapper</c> so that <see cref="WrapperChain.Find{T}"/> sees through them.
/// </summary>
public interface IWrapper
{
    /// <summary>The env directly inside this one.</summary>
    IEnv InnerEnv { get; }
}

/// <summary>Finds wrappers by type in a wrapper chain.</summary>
public static class WrapperChain
{
    /// <summary>The outermost wrapper (or env) of type <typeparamref name="T"/> in the chain starting at <paramref name="env"/>, or null.</summary>
    public static T? Find<T>(IEnv env) where T : class
    {
        IEnv? current = env;
        while (current is not null)
        {
            if (current is T match) return match;
            var inner = (current as IWrapper)?.InnerEnv;
            current = ReferenceEquals(inner, current) ? null : inner;
        }
        return null;
    }
}
