using DotGym.Random;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym;

/// <summary>
/// The untyped face of every environment: what a registry, a checker or a recorder needs without knowing the
/// observation and action types. Use <see cref="Accept{TResult}"/> to get back to the typed <see cref="Env{TObs,TAct}"/>.
/// </summary>
public interface IEnv : IDisposable
{
    Space ObservationSpace { get; }
    Space ActionSpace { get; }
    EnvMetadata Metadata { get; }
    EnvSpec? Spec { get; set; }
    string? RenderMode { get; }
    /// <summary>The innermost environment, below every wrapper.</summary>
    IEnv Unwrapped { get; }
    NpGenerator NpRandom { get; set; }
    RenderFrame? Render();
    /// <summary>Whether <see cref="SaveState"/>/<see cref="LoadState"/> capture the env's whole dynamic state.</summary>
    bool SupportsStateSnapshot { get; }
    /// <summary>Writes the env's complete dynamic state (for exact resume of training).</summary>
    void SaveState(BinaryWriter writer);
    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(BinaryReader reader);
    /// <summary>Calls <c>visitor.Visit(this)</c> with the env's real generic type (the visitor pattern recovers TObs and TAct).</summary>
    TResult Accept<TResult>(IEnvVisitor<TResult> visitor);
}

/// <summary>Recovers an env's observation and action types from an <see cref="IEnv"/>.</summary>
public interface IEnvVisitor<out TResult>
{
    TResult Visit<TObs, TAct>(Env<TObs, TAct> env);
}

/// <summary>
/// A reinforcement-learning environment with Gymnasium 1.x semantics.
/// <para>
/// <see cref="Reset"/> starts an episode and returns the first observation; <see cref="Step"/> advances it.
/// After <c>terminated</c> or <c>truncated</c> the caller must reset before stepping again (wrappers enforce it).
/// </para>
/// <para>
/// Ownership: to keep stepping allocation-free, an array observation and the info dictionary returned by
/// <c>Reset</c>/<c>Step</c> may be buffers owned by the env, valid until its next <c>Reset</c> or <c>Step</c>.
/// Copy them (e.g. <c>obs.Clone()</c>) to keep them longer.
/// </para>
/// </summary>
public abstract class Env<TObs, TAct> : IEnv
{
    private NpGenerator? _npRandom;

    public abstract Space<TObs> ObservationSpace { get; }
    public abstract Space<TAct> ActionSpace { get; }
    Space IEnv.ObservationSpace => ObservationSpace;
    Space IEnv.ActionSpace => ActionSpace;

    public virtual EnvMetadata Metadata => EnvMetadata.Default;
    public virtual EnvSpec? Spec { get; set; }
    public virtual string? RenderMode { get; protected init; }
    public virtual IEnv Unwrapped => this;

    /// <summary>
    /// The env's generator (Gymnasium's <c>np_random</c>). Seeded by <c>Reset(seed)</c>; created from OS entropy on
    /// first use if the env was never seeded.
    /// </summary>
    public virtual NpGenerator NpRandom
    {
        get => _npRandom ??= Seeding.NpRandom(null).Generator;
        set => _npRandom = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Starts a new episode. A non-null <paramref name="seed"/> reseeds <see cref="NpRandom"/> first; without it the
    /// generator continues, so consecutive episodes differ. Implementations call <see cref="SeedRandom"/> first, as
    /// Gymnasium envs call <c>super().reset(seed=seed)</c>.
    /// </summary>
    public abstract ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Runs one timestep with <paramref name="action"/>.</summary>
    public abstract StepResult<TObs> Step(TAct action);

    /// <summary>Renders the current state in <see cref="RenderMode"/>; null when no render mode was chosen.</summary>
    public virtual RenderFrame? Render() => null;

    /// <summary>Reseeds <see cref="NpRandom"/> when a seed is given (Gymnasium's <c>Env.reset(seed=...)</c>).</summary>
    protected void SeedRandom(long? seed)
    {
        if (seed is { } s) _npRandom = Seeding.NpRandom(s).Generator;
    }

    public TResult Accept<TResult>(IEnvVisitor<TResult> visitor) => visitor.Visit(this);

    /// <summary>
    /// Whether <see cref="SaveState"/>/<see cref="LoadState"/> capture everything that determines future steps
    /// (the env's own fields and its generator). Training resumes bit-identically only over such envs.
    /// </summary>
    public virtual bool SupportsStateSnapshot => false;

    /// <summary>Writes the env's complete dynamic state (override together with <see cref="SupportsStateSnapshot"/>).</summary>
    public virtual void SaveState(BinaryWriter writer) =>
        throw new NotSupportedException($"{TypeNames.Of(GetType())} cannot snapshot its state; override SupportsStateSnapshot, SaveState and LoadState to enable exact resume.");

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public virtual void LoadState(BinaryReader reader) =>
        throw new NotSupportedException($"{TypeNames.Of(GetType())} cannot restore a state snapshot; override SupportsStateSnapshot, SaveState and LoadState to enable exact resume.");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }

    /// <summary>The env type in C# spelling, with its registered id when made by id (e.g. <c>CartPoleEnv&lt;CartPole-v1&gt;</c>).</summary>
    public override string ToString() => Spec is null ? TypeNames.Of(GetType()) : $"{TypeNames.Of(GetType())}<{Spec.Id}>";
}
