using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Envs.Text;

/// <summary>
/// A batch of <see cref="TokenGenerationEnv"/>s stepped in one call: Core's <see cref="SyncVectorEnv{TObs,TAct}"/>
/// semantics (sub-env <c>i</c> seeded <c>seed + i</c>, next-step autoreset by default, snapshots), plus the batch's
/// observations gathered into contiguous row-major arrays a transformer consumes directly:
/// <see cref="InputIds"/> <c>[NumEnvs, ContextLength]</c>, <see cref="AttentionMask"/> <c>[NumEnvs, ContextLength]</c>
/// and <see cref="ResponseStart"/> <c>[NumEnvs]</c>, refreshed by every Reset and Step.
/// </summary>
public sealed class TokenGenerationBatch : IVectorEnv<IReadOnlyDictionary<string, object>, int>
{
    private readonly SyncVectorEnv<IReadOnlyDictionary<string, object>, int> _inner;

    /// <summary>Batches <paramref name="numEnvs"/> envs made by <paramref name="makeEnv"/> (called with the index; all with the same spaces).</summary>
    public TokenGenerationBatch(int numEnvs, Func<int, TokenGenerationEnv> makeEnv, AutoresetMode autoresetMode = AutoresetMode.NextStep)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        _inner = new SyncVectorEnv<IReadOnlyDictionary<string, object>, int>(numEnvs, makeEnv, autoresetMode);
        Envs = _inner.Envs.Cast<TokenGenerationEnv>().ToArray();
        ContextLength = Envs[0].ContextLength;
        InputIds = new int[numEnvs * ContextLength];
        AttentionMask = new byte[numEnvs * ContextLength];
        ResponseStart = new int[numEnvs];
    }

    /// <summary>Length of every sequence buffer.</summary>
    public int ContextLength { get; }
    /// <summary>The token ids, row <c>i</c> = sub-env <c>i</c>: <c>InputIds[i * ContextLength + t]</c>.</summary>
    public int[] InputIds { get; }
    /// <summary>1 for real tokens, 0 for padding, same layout as <see cref="InputIds"/>.</summary>
    public byte[] AttentionMask { get; }
    /// <summary>Each sub-env's response start.</summary>
    public int[] ResponseStart { get; }
    /// <summary>The sub-envs, in batch order (step them through the batch only).</summary>
    public IReadOnlyList<TokenGenerationEnv> Envs { get; }

    public int NumEnvs => _inner.NumEnvs;
    public Space<IReadOnlyDictionary<string, object>> SingleObservationSpace => _inner.SingleObservationSpace;
    public Space<int> SingleActionSpace => _inner.SingleActionSpace;
    Space IVectorEnv.SingleObservationSpace => _inner.SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => _inner.SingleActionSpace;
    /// <summary>The space of a batch of observations.</summary>
    public Space ObservationSpace => _inner.ObservationSpace;
    /// <summary>The space of a batch of actions.</summary>
    public Space ActionSpace => _inner.ActionSpace;
    public AutoresetMode AutoresetMode => _inner.AutoresetMode;
    public EnvMetadata Metadata => _inner.Metadata;
    public string? RenderMode => _inner.RenderMode;
    public EnvSpec? Spec { get; init; }
    public IReadOnlyList<IEnv> SubEnvs => ((IVectorEnv)_inner).SubEnvs;
    public bool SupportsStateSnapshot => _inner.SupportsStateSnapshot;

    public TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit(this);

    public VectorResetResult<IReadOnlyDictionary<string, object>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) =>
        Gathered(_inner.Reset(seed, options));

    public VectorResetResult<IReadOnlyDictionary<string, object>> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null) =>
        Gathered(_inner.ResetWhere(mask, seed, options));

    public VectorStepResult<IReadOnlyDictionary<string, object>> Step(ReadOnlySpan<int> actions) => Gathered(_inner.Step(actions));

    public void StepAsync(ReadOnlySpan<int> actions) => _inner.StepAsync(actions);

    public VectorStepResult<IReadOnlyDictionary<string, object>> StepWait() => Gathered(_inner.StepWait());

    public void SaveState(BinaryWriter writer) => _inner.SaveState(writer);

    /// <summary>Restores the sub-envs; the contiguous arrays are refreshed by the next Reset or Step.</summary>
    public void LoadState(BinaryReader reader) => _inner.LoadState(reader);

    public void Dispose() => _inner.Dispose();

    private VectorResetResult<IReadOnlyDictionary<string, object>> Gathered(VectorResetResult<IReadOnlyDictionary<string, object>> r)
    {
        Gather(r.Observations);
        return r;
    }

    private VectorStepResult<IReadOnlyDictionary<string, object>> Gathered(VectorStepResult<IReadOnlyDictionary<string, object>> r)
    {
        Gather(r.Observations);
        return r;
    }

    private void Gather(Batch<IReadOnlyDictionary<string, object>> observations)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            var obs = observations.View(i);
            if (obs is null) continue; // a sub-env outside a first reset mask has no observation yet
            var view = TokenObservation.From(obs);
            view.InputIds.CopyTo(InputIds.AsSpan(i * ContextLength, ContextLength));
            view.AttentionMask.CopyTo(AttentionMask.AsSpan(i * ContextLength, ContextLength));
            ResponseStart[i] = view.ResponseStart;
        }
    }
}
