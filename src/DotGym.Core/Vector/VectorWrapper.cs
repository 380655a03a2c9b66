using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// Base of vector wrappers (Gymnasium's <c>VectorWrapper</c>): forwards everything to <see cref="Env"/>; a subclass
/// overrides <see cref="OnReset"/> and <see cref="OnStep"/> to look at or change what passes through. The wrapper owns
/// the inner vector env and disposes it.
/// </summary>
public abstract class VectorWrapper<TObs, TAct> : IVectorEnv<TObs, TAct>
{
    private bool _disposed;

    /// <summary>Wraps <paramref name="env"/> (the wrapper takes ownership).</summary>
    protected VectorWrapper(IVectorEnv<TObs, TAct> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Env = env;
    }

    /// <summary>The wrapped vector env.</summary>
    public IVectorEnv<TObs, TAct> Env { get; }

    public int NumEnvs => Env.NumEnvs;
    public Space<TObs> SingleObservationSpace => Env.SingleObservationSpace;
    public Space<TAct> SingleActionSpace => Env.SingleActionSpace;
    Space IVectorEnv.SingleObservationSpace => Env.SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => Env.SingleActionSpace;
    public Space ObservationSpace => Env.ObservationSpace;
    public Space ActionSpace => Env.ActionSpace;
    public AutoresetMode AutoresetMode => Env.AutoresetMode;
    public EnvMetadata Metadata => Env.Metadata;
    public string? RenderMode => Env.RenderMode;
    public EnvSpec? Spec => Env.Spec;
    public IReadOnlyList<IEnv> SubEnvs => Env.SubEnvs;
    public virtual bool SupportsStateSnapshot => Env.SupportsStateSnapshot;

    public TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit<TObs, TAct>(this);

    public VectorResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = Env.Reset(seed, options);
        OnReset(result, default);
        return result;
    }

    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = Env.ResetWhere(mask, seed, options);
        OnReset(result, mask);
        return result;
    }

    public VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = Env.Step(actions);
        OnStep(result);
        return result;
    }

    public void StepAsync(ReadOnlySpan<TAct> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Env.StepAsync(actions);
    }

    public VectorStepResult<TObs> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = Env.StepWait();
        OnStep(result);
        return result;
    }

    /// <summary>Called after the inner env reset: every sub-env (<paramref name="mask"/> empty) or the selected ones.</summary>
    protected virtual void OnReset(in VectorResetResult<TObs> result, ReadOnlySpan<bool> mask) { }

    /// <summary>Called after every inner step with its results (buffers owned by the inner env).</summary>
    protected virtual void OnStep(in VectorStepResult<TObs> result) { }

    /// <summary>Saves the inner env's state; subclasses append their own after calling this.</summary>
    public virtual void SaveState(BinaryWriter writer) => Env.SaveState(writer);

    /// <summary>Restores the inner env's state; subclasses read their own after calling this.</summary>
    public virtual void LoadState(BinaryReader reader) => Env.LoadState(reader);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Env.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{GetType().Name.Split('`')[0]}<{Env}>";
}
