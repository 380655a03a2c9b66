using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// Base of vector wrappers (Gymnasium's <c>VectorWrapper</c>): forwards everything to <see cref="Env"/>. A subclass
/// changes what passes through by overriding <see cref="ModifyReset"/> / <see cref="ModifyStep"/> (Gymnasium's
/// <c>observations</c> / <c>rewards</c> hooks; return a result over buffers the wrapper owns, so stepping stays
/// allocation-free), looks at it in <see cref="OnReset"/> / <see cref="OnStep"/> (called with what the wrapper
/// returns), refuses a reset mask in <see cref="CheckResetMask"/>, and overrides the space properties when it changes
/// them. The wrapper owns the inner vector env and disposes it.
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
    /// <summary>The observation space of one sub-env (the inner env's unless the wrapper changes observations).</summary>
    public virtual Space<TObs> SingleObservationSpace => Env.SingleObservationSpace;
    /// <summary>The action space of one sub-env.</summary>
    public Space<TAct> SingleActionSpace => Env.SingleActionSpace;
    Space IVectorEnv.SingleObservationSpace => SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => SingleActionSpace;
    /// <summary>The space of a batch of observations (the inner env's unless the wrapper changes observations).</summary>
    public virtual Space ObservationSpace => Env.ObservationSpace;
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
        // Gymnasium's options["reset_mask"] is a partial reset: route it so the hooks see the mask.
        if (options is not null && options.TryGetValue(VectorEnv<TObs, TAct>.ResetMaskKey, out var rawMask) && rawMask is bool[] mask)
        {
            var rest = new Dictionary<string, object>(options.Count);
            foreach (var (key, value) in options)
                if (key != VectorEnv<TObs, TAct>.ResetMaskKey) rest[key] = value;
            return ResetWhere(mask, seed, rest);
        }
        var result = ModifyReset(Env.Reset(seed, options), default);
        OnReset(result, default);
        return result;
    }

    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckResetMask(mask);
        var result = ModifyReset(Env.ResetWhere(mask, seed, options), mask);
        OnReset(result, mask);
        return result;
    }

    public VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = ModifyStep(Env.Step(actions));
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
        var result = ModifyStep(Env.StepWait());
        OnStep(result);
        return result;
    }

    /// <summary>
    /// Called before a partial reset reaches the inner env; throw (with the fix) to refuse masks the wrapper cannot
    /// handle, before any sub-env was reset.
    /// </summary>
    protected virtual void CheckResetMask(ReadOnlySpan<bool> mask) { }

    /// <summary>
    /// What the wrapper returns for the inner env's reset (every sub-env when <paramref name="mask"/> is empty, else
    /// the selected ones); the default returns it unchanged. Return views of wrapper-owned buffers, not new arrays.
    /// </summary>
    protected virtual VectorResetResult<TObs> ModifyReset(in VectorResetResult<TObs> result, ReadOnlySpan<bool> mask) => result;

    /// <summary>What the wrapper returns for the inner env's step; the default returns it unchanged (see <see cref="ModifyReset"/>).</summary>
    protected virtual VectorStepResult<TObs> ModifyStep(in VectorStepResult<TObs> result) => result;

    /// <summary>Called after every reset with what the wrapper returns: every sub-env (<paramref name="mask"/> empty) or the selected ones.</summary>
    protected virtual void OnReset(in VectorResetResult<TObs> result, ReadOnlySpan<bool> mask) { }

    /// <summary>Called after every step with what the wrapper returns (buffers owned by the inner env or the wrapper).</summary>
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
