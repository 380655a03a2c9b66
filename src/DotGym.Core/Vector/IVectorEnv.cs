using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// The untyped face of a vector env: what <c>DotGym.Registration.Gym.MakeVec</c> returns without knowing the
/// observation and action types. Use <see cref="Accept{TResult}"/> (or a cast to <see cref="IVectorEnv{TObs,TAct}"/>)
/// to step it.
/// </summary>
public interface IVectorEnv : IDisposable
{
    /// <summary>Number of sub-envs.</summary>
    int NumEnvs { get; }
    /// <summary>The observation space of one sub-env.</summary>
    Space SingleObservationSpace { get; }
    /// <summary>The action space of one sub-env.</summary>
    Space SingleActionSpace { get; }
    /// <summary>The space of a batch of observations (<see cref="BatchedSpace{T}"/>).</summary>
    Space ObservationSpace { get; }
    /// <summary>The space of a batch of actions (<see cref="BatchedSpace{T}"/>).</summary>
    Space ActionSpace { get; }
    /// <summary>When ended episodes restart (Gymnasium's <c>autoreset_mode</c>).</summary>
    AutoresetMode AutoresetMode { get; }
    /// <summary>The first sub-env's metadata.</summary>
    EnvMetadata Metadata { get; }
    /// <summary>The first sub-env's render mode.</summary>
    string? RenderMode { get; }
    /// <summary>The spec the sub-envs were made from, when made by id.</summary>
    EnvSpec? Spec { get; }
    /// <summary>
    /// The sub-envs, in batch order, when they are separate <see cref="IEnv"/> objects; empty for native batched
    /// envs (e.g. a SIMD batch) whose sub-envs exist only as rows of arrays.
    /// </summary>
    IReadOnlyList<IEnv> SubEnvs { get; }
    /// <summary>Calls <c>visitor.Visit(this)</c> with the real observation and action types.</summary>
    TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor);

    /// <summary>Whether <see cref="SaveState"/>/<see cref="LoadState"/> capture everything that determines future steps.</summary>
    bool SupportsStateSnapshot { get; }
    /// <summary>Writes the whole dynamic state (every sub-env and the autoreset bookkeeping) for exact resume.</summary>
    void SaveState(BinaryWriter writer);
    /// <summary>Restores what <see cref="SaveState"/> wrote into a vector env built the same way.</summary>
    void LoadState(BinaryReader reader);
}

/// <summary>
/// The batched-env contract every learner consumes (Gymnasium 1.x <c>VectorEnv</c>, with PufferLib-style
/// <see cref="StepAsync"/>/<see cref="StepWait"/>): <c>NumEnvs</c> sub-envs stepped as one call.
/// <para>
/// Ownership: the results of <see cref="Reset"/>, <see cref="Step"/> and <see cref="StepWait"/> are views of buffers
/// the vector env reuses; they are valid until its next call. Seeding: <c>Reset(seed)</c> resets sub-env <c>i</c> with
/// <c>seed + i</c>. With <see cref="AutoresetMode.NextStep"/> the step after an episode ends resets that sub-env,
/// ignores its action and returns reward 0 with both flags false.
/// </para>
/// Implemented by <see cref="SyncVectorEnv{TObs,TAct}"/>, <see cref="ThreadedVectorEnv{TObs,TAct}"/>, native batches
/// (e.g. <c>CartPoleBatch</c>, made by <c>Gym.MakeVec(id, n, VectorizationMode.Native)</c>) and vector wrappers.
/// </summary>
public interface IVectorEnv<TObs, TAct> : IVectorEnv
{
    /// <summary>The observation space of one sub-env.</summary>
    new Space<TObs> SingleObservationSpace { get; }
    /// <summary>The action space of one sub-env.</summary>
    new Space<TAct> SingleActionSpace { get; }

    /// <summary>Resets every sub-env (sub-env <c>i</c> with <c>seed + i</c>, or continuing its generator when null).</summary>
    VectorResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>
    /// Resets only the sub-envs where <paramref name="mask"/> is true (Gymnasium's <c>options["reset_mask"]</c>); the
    /// others keep their state and observation. At least one must be selected.
    /// </summary>
    VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Steps every sub-env with its action (<c>actions[i]</c> to sub-env <c>i</c>) and waits for the results.</summary>
    VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions);

    /// <summary>
    /// Sends the actions and starts the step without waiting (PufferLib's <c>send</c>): envs on other threads,
    /// processes, machines or devices run while the caller does other work. The actions are copied (validated
    /// first, so a bad action throws here), and exactly one <see cref="StepWait"/> must follow before any other call.
    /// </summary>
    void StepAsync(ReadOnlySpan<TAct> actions);

    /// <summary>Waits for the step started by <see cref="StepAsync"/> and returns its results (PufferLib's <c>recv</c>).</summary>
    VectorStepResult<TObs> StepWait();
}

/// <summary>Recovers a vector env's observation and action types from an <see cref="IVectorEnv"/>.</summary>
public interface IVectorEnvVisitor<out TResult>
{
    TResult Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env);
}
