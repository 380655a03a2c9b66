using Orleans.Concurrency;

namespace DotGym.Cluster.Runners;

/// <summary>
/// An env runner: a grain that owns one vector env (made by id on the silo it lives on) and steps it with the actions
/// it receives. Keyed by (runner index, run key): a learner's <see cref="ClusterVectorEnv"/> makes runners
/// 0 .. n-1 under its own run key, and <see cref="SpreadPlacementAttribute"/> puts runner k on the k-th live silo.
/// <para>
/// Results travel as <see cref="Immutable{T}"/> / <c>[Immutable]</c> messages: the runner copies its env's reused buffers
/// once into fresh arrays it never touches again, and Orleans passes them on without a deep copy (serialising them
/// only when they cross a silo boundary).
/// </para>
/// </summary>
public interface IEnvRunnerGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Makes the runner's vector env (replacing any it had) and describes it.</summary>
    Task<RunnerOpened> Open(RunnerOptions options);

    /// <summary>Resets every env (env j of this runner with <c>seed + j</c>) or, with a mask, only the selected ones.</summary>
    Task<Immutable<RunnerReset>> Reset(long? seed, Immutable<bool[]?> mask);

    /// <summary>Steps every env with its action: <paramref name="actions"/> is the action batch's buffer for this runner's rows.</summary>
    Task<Immutable<RunnerStep>> Step(Immutable<Array> actions);

    /// <summary>
    /// The vector env's whole state (<see cref="DotGym.Vector.IVectorEnv.SaveState"/>), for an exact resume; refused
    /// when the env cannot snapshot (<see cref="RunnerOpened.SupportsStateSnapshot"/>) or the snapshot exceeds the
    /// silo's message limit.
    /// </summary>
    Task<Immutable<byte[]>> SaveState();

    /// <summary>Restores a state <see cref="SaveState"/> returned (from a runner that made the same env with as many envs).</summary>
    Task LoadState(Immutable<byte[]> state);

    /// <summary>Disposes the env and lets the runner deactivate.</summary>
    Task Close();
}
