using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Envs.Text;

/// <summary>
/// A batch of <see cref="TokenGenerationEnv"/>s stepped in one call: Core's <see cref="SyncVectorEnv{TObs,TAct}"/>
/// semantics (sub-env <c>i</c> seeded <c>seed + i</c>, next-step autoreset by default, snapshots), plus the batch's
/// observations gathered into contiguous row-major arrays a transformer consumes directly:
/// <see cref="InputIds"/> <c>[NumEnvs, ContextLength]</c>, <see cref="AttentionMask"/> <c>[NumEnvs, ContextLength]</c>
/// and <see cref="ResponseStart"/> <c>[NumEnvs]</c>, refreshed by every Reset and Step. A <see cref="VectorWrapper{TObs,TAct}"/>
/// over the sync vector env, so everything else is forwarded unchanged; after <c>LoadState</c> the arrays are refreshed
/// by the next Reset or Step.
/// </summary>
public sealed class TokenGenerationBatch : VectorWrapper<IReadOnlyDictionary<string, object>, int>
{
    /// <summary>Batches <paramref name="numEnvs"/> envs made by <paramref name="makeEnv"/> (called with the index; all with the same spaces).</summary>
    public TokenGenerationBatch(int numEnvs, Func<int, TokenGenerationEnv> makeEnv, AutoresetMode autoresetMode = AutoresetMode.NextStep, EnvSpec? spec = null)
        : base(new SyncVectorEnv<IReadOnlyDictionary<string, object>, int>(numEnvs, makeEnv ?? throw new ArgumentNullException(nameof(makeEnv)), autoresetMode) { Spec = spec })
    {
        Envs = Env.SubEnvs.Cast<TokenGenerationEnv>().ToArray();
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

    protected override void OnReset(in VectorResetResult<IReadOnlyDictionary<string, object>> result, ReadOnlySpan<bool> mask) => Gather(result.Observations);

    protected override void OnStep(in VectorStepResult<IReadOnlyDictionary<string, object>> result) => Gather(result.Observations);

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
