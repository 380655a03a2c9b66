using System.Diagnostics;
using DotGym.Cluster.Runners;
using DotGym.Snapshots;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace DotGym.Cluster;

/// <summary>
/// Envs on the env-runner grains of an Orleans cluster, stepped as one local vector env (Core's batched-env contract),
/// so PPO, A2C and REINFORCE train on a cluster unchanged while the policy acts here (synchronous mode). Runner k
/// holds rows <c>offset_k .. offset_k + n_k</c>; <c>Reset(seed)</c> resets row i with <c>seed + i</c> wherever it
/// runs, so a run on a cluster repeats the same run on a local vector env of the same size, bit for bit.
/// <see cref="StepAsync"/> sends every runner its actions at once and <see cref="StepWait"/> collects the replies:
/// the silos step in parallel while the learner works. Results are views of buffers reused by the next call.
/// <para>
/// A lost runner (its silo died, or it was reactivated without its env) is reopened on a surviving silo with fresh
/// envs. The episodes its rows had in flight are dropped: that step returns them truncated with reward 0, the
/// previous observation and <c>info[<see cref="Infos.EpisodeDropped"/>] = true</c> (episode statistics do not count
/// them), and with next-step autoreset the following step returns the fresh envs' reset observations, as any
/// autoreset step. <see cref="DroppedEpisodes"/> and <see cref="RunnerRestarts"/> count them. An env that throws
/// stops the learner with an <see cref="EnvRunnerException"/> naming the runner, its silo and the env's error.
/// </para>
/// <para>
/// <see cref="SaveState"/> / <see cref="LoadState"/> snapshot every runner's envs and this env's bookkeeping, so a
/// checkpointed learner resumed against the same cluster, with the same runner layout, continues bit for bit.
/// </para>
/// </summary>
public sealed class ClusterVectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>, IClusterVectorEnv
{
    private static readonly IReadOnlyDictionary<string, object> DroppedInfo =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, object>(new Dictionary<string, object> { [DotGym.Infos.EpisodeDropped] = true });

    private readonly IClusterClient _client;
    private readonly ClusterVectorEnvOptions _options;
    private readonly Runner[] _runners;
    private readonly Batch<TAct> _actions;
    private readonly Task<Immutable<RunnerStep>>?[] _pending;
    private readonly string _runKey = Guid.NewGuid().ToString("N");
    private long? _seed;
    private int? _messageLimit; // the client's MaxMessageBodySize, when it has one
    private bool _started, _stepPending, _disposed;

    internal ClusterVectorEnv(IClusterClient client, string envId, int numEnvs, int runners, ClusterVectorEnvOptions options, IVectorEnv<TObs, TAct> probe)
    {
        _client = client;
        _options = options;
        EnvId = envId;
        SingleObservationSpace = probe.SingleObservationSpace;
        SingleActionSpace = probe.SingleActionSpace;
        ObservationSpace = new BatchedSpace<TObs>(SingleObservationSpace, numEnvs);
        ActionSpace = new BatchedSpace<TAct>(SingleActionSpace, numEnvs);
        AutoresetMode = probe.AutoresetMode;
        Metadata = probe.Metadata;
        Spec = probe.Spec;
        Observations = Batch<TObs>.Create(SingleObservationSpace, numEnvs);
        _actions = Batch<TAct>.Create(SingleActionSpace, numEnvs);
        BufferTransfer.EnsureCanTravel(Observations.Buffer, $"'{envId}''s observations");
        BufferTransfer.EnsureCanTravel(_actions.Buffer, $"'{envId}''s actions");
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        Infos = new IReadOnlyDictionary<string, object>[numEnvs];
        Array.Fill(Infos, DotGym.Infos.Empty);
        if (AutoresetMode == AutoresetMode.SameStep)
        {
            FinalObservations = Batch<TObs>.Create(SingleObservationSpace, numEnvs);
            FinalInfos = new IReadOnlyDictionary<string, object>[numEnvs];
            Array.Fill(FinalInfos, DotGym.Infos.Empty);
            HasFinal = new bool[numEnvs];
        }

        _runners = new Runner[runners];
        int offset = 0;
        for (int k = 0; k < runners; k++)
        {
            int count = numEnvs / runners + (k < numEnvs % runners ? 1 : 0);
            _runners[k] = new Runner(client.GetGrain<IEnvRunnerGrain>(k, _runKey), offset, count);
            offset += count;
        }
        _pending = new Task<Immutable<RunnerStep>>?[runners];
        CheckMessageLimit(client);
        try
        {
            var opened = _runners.Select((r, k) => r.Grain.Open(RunnerOptions(k))).ToArray();
            for (int k = 0; k < runners; k++) Accept(k, Await(opened[k], k, "open"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The env id every runner made.</summary>
    public string EnvId { get; }

    /// <summary>The silo each runner lives on now, in row order.</summary>
    public IReadOnlyList<string> RunnerSilos => _runners.Select(r => r.Silo).ToArray();

    /// <summary>The first row and row count of each runner.</summary>
    public IReadOnlyList<(int Offset, int Count)> RunnerRows => _runners.Select(r => (r.Offset, r.Count)).ToArray();

    /// <summary>Episodes in flight on runners that were lost (returned truncated with <see cref="Infos.EpisodeDropped"/>).</summary>
    public long DroppedEpisodes { get; private set; }

    /// <summary>Times a lost runner was reopened on a surviving silo.</summary>
    public int RunnerRestarts { get; private set; }

    public int NumEnvs => Rewards.Length;
    public Space<TObs> SingleObservationSpace { get; }
    public Space<TAct> SingleActionSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> observations.</summary>
    public BatchedSpace<TObs> ObservationSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> actions.</summary>
    public BatchedSpace<TAct> ActionSpace { get; }
    public AutoresetMode AutoresetMode { get; }
    public EnvMetadata Metadata { get; }
    public string? RenderMode => null;
    public EnvSpec? Spec { get; }
    public IReadOnlyList<IEnv> SubEnvs => [];

    /// <summary>The observation buffer (also returned by <c>Step</c>/<c>Reset</c>).</summary>
    public Batch<TObs> Observations { get; }
    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    public IReadOnlyDictionary<string, object>[] Infos { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: final observations of the episodes that ended in the last step.</summary>
    public Batch<TObs>? FinalObservations { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: their final infos.</summary>
    public IReadOnlyDictionary<string, object>[]? FinalInfos { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: which rows of the final buffers are set.</summary>
    public bool[]? HasFinal { get; }

    Space IVectorEnv.SingleObservationSpace => SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.ObservationSpace => ObservationSpace;
    Space IVectorEnv.ActionSpace => ActionSpace;

    public TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit(this);

    /// <summary>Resets every env (row i with <c>seed + i</c>, or continuing its generator when null).</summary>
    public VectorResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        CheckCall(options);
        _seed = seed;
        var calls = _runners.Select(r =>
        {
            r.AwaitingAutoreset = false;
            r.PendingReset = r.PendingDrop = null;
            return r.Grain.Reset(seed + r.Offset, new Immutable<bool[]?>(null));
        }).ToArray();
        for (int k = 0; k < _runners.Length; k++)
        {
            var r = _runners[k];
            var reply = AwaitOrReopen(calls[k], k, "reset", r.Count);
            WriteReset(k, reply);
            Array.Clear(Terminated, r.Offset, r.Count);
            Array.Clear(Truncated, r.Offset, r.Count);
        }
        _started = true;
        return new VectorResetResult<TObs>(Observations, Infos);
    }

    /// <summary>Resets only the rows where <paramref name="mask"/> is true (only their runners are asked); row i gets <c>seed + i</c>.</summary>
    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        CheckCall(options);
        if (mask.Length != NumEnvs)
            throw new ArgumentException($"The reset mask has {mask.Length} entries for {NumEnvs} sub-envs; pass one bool per sub-env.", nameof(mask));
        if (!mask.Contains(true))
            throw new ArgumentException("The reset mask selects no sub-env (Gymnasium requires at least one); check mask.Contains(true) before resetting.", nameof(mask));
        if (!_started)
            throw new ResetNeededException("Call Reset(seed) on the cluster vector env before ResetWhere(mask): its envs have never been reset.");
        var calls = new Task<Immutable<RunnerReset>>?[_runners.Length];
        for (int k = 0; k < _runners.Length; k++)
        {
            var r = _runners[k];
            var rows = mask.Slice(r.Offset, r.Count);
            if (!rows.Contains(true))
            {
                Array.Fill(Infos, DotGym.Infos.Empty, r.Offset, r.Count);
                continue;
            }
            r.AwaitingAutoreset = false;
            r.PendingReset = r.PendingDrop = null;
            calls[k] = r.Grain.Reset(seed + r.Offset, rows.ToArray().AsImmutable<bool[]?>());
        }
        for (int k = 0; k < _runners.Length; k++)
        {
            if (calls[k] is not { } call) continue;
            var r = _runners[k];
            int dropped = 0;
            for (int j = 0; j < r.Count; j++) dropped += mask[r.Offset + j] ? 0 : 1; // rows outside the mask restart too when the runner is lost
            WriteReset(k, AwaitOrReopen(call, k, "reset", dropped));
            for (int j = 0; j < r.Count; j++)
            {
                if (!mask[r.Offset + j]) continue;
                Terminated[r.Offset + j] = Truncated[r.Offset + j] = false;
                Rewards[r.Offset + j] = 0;
            }
        }
        return new VectorResetResult<TObs>(Observations, Infos);
    }

    /// <summary>Steps every env with its action (<c>actions[i]</c> to row i) and waits.</summary>
    public VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions)
    {
        StepAsync(actions);
        return StepWait();
    }

    /// <inheritdoc/>
    public void StepAsync(ReadOnlySpan<TAct> actions)
    {
        CheckCall(null);
        if (!_started) throw new ResetNeededException("The cluster envs have never been reset. Call Reset(seed) on the vector env before Step().");
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"Got {actions.Length} actions for {NumEnvs} sub-envs; pass exactly one action per sub-env.", nameof(actions));
        for (int i = 0; i < actions.Length; i++)
        {
            if (!SingleActionSpace.Contains(actions[i])) SingleActionSpace.EnsureContains(actions[i], $"action for sub-env {i}");
            _actions.Set(i, actions[i]);
        }
        for (int k = 0; k < _runners.Length; k++)
        {
            var r = _runners[k];
            _pending[k] = r.AwaitingAutoreset || r.PendingDrop is not null
                ? null // the fresh envs of a reopened runner were reset already: this step only drops the old episodes or delivers the new observations
                : r.Grain.Step(BufferTransfer.Slice(_actions.Buffer, _actions.ItemSize, r.Offset, r.Count).AsImmutable());
        }
        _stepPending = true;
    }

    /// <inheritdoc/>
    public VectorStepResult<TObs> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stepPending) throw new InvalidOperationException("StepWait() needs a step started by StepAsync(actions) first.");
        _stepPending = false;
        Exception? failure = null;
        for (int k = 0; k < _runners.Length; k++)
        {
            var r = _runners[k];
            var call = _pending[k];
            _pending[k] = null;
            if (call is null)
            {
                if (r.PendingDrop is { } fresh)
                {
                    r.PendingDrop = null;
                    Drop(k, fresh);
                }
                else DeliverAutoreset(k);
                continue;
            }
            try
            {
                var reply = call.GetAwaiter().GetResult().Value;
                if (failure is null) WriteStep(k, reply);
            }
            catch (Exception e) when (IsLost(e) && failure is null)
            {
                try
                {
                    Drop(k, Reopen(k, e));
                }
                catch (Exception recovery)
                {
                    failure = recovery;
                }
            }
            catch (Exception e)
            {
                failure ??= e is EnvRunnerException or ClusterEnvException ? e : Unexpected(k, "step", e); // still wait for the other runners
            }
        }
        if (failure is not null) throw failure;
        return new VectorStepResult<TObs>(Observations, Rewards, Terminated, Truncated, Infos, FinalObservations, FinalInfos, HasFinal);
    }

    private void WriteStep(int k, RunnerStep step)
    {
        var r = _runners[k];
        int first = r.Offset, count = r.Count;
        Decode(k, () =>
        {
            BufferTransfer.CopyInto(step.Observations, Observations.Buffer, first * Observations.ItemSize, count * Observations.ItemSize, "step observations");
            BufferTransfer.CopyInto(step.Rewards, Rewards, first, count, "rewards");
            BufferTransfer.CopyInto(step.Terminated, Terminated, first, count, "terminated flags");
            BufferTransfer.CopyInto(step.Truncated, Truncated, first, count, "truncated flags");
            InfoTransfer.Unpack(step.Infos, Infos, first, count);
            if (HasFinal is null) return;
            BufferTransfer.CopyInto(step.HasFinal, HasFinal, first, count, "has-final flags");
            BufferTransfer.CopyInto(step.FinalObservations, FinalObservations!.Buffer, first * FinalObservations.ItemSize, count * FinalObservations.ItemSize, "final observations");
            InfoTransfer.Unpack(step.FinalInfos, FinalInfos!, first, count);
        });
    }

    private void WriteReset(int k, RunnerReset reset)
    {
        var r = _runners[k];
        Decode(k, () =>
        {
            BufferTransfer.CopyInto(reset.Observations, Observations.Buffer, r.Offset * Observations.ItemSize, r.Count * Observations.ItemSize, "reset observations");
            InfoTransfer.Unpack(reset.Infos, Infos, r.Offset, r.Count);
        });
    }

    // The step in which runner k was lost: its rows' episodes end here, truncated and marked dropped; the fresh envs'
    // reset observations come now (same-step autoreset) or with the next step (next-step autoreset).
    private void Drop(int k, RunnerReset fresh)
    {
        var r = _runners[k];
        int inFlight = 0; // rows whose episode ended in the previous step were only due an autoreset
        for (int i = r.Offset; i < r.Offset + r.Count; i++)
            inFlight += AutoresetMode == AutoresetMode.SameStep || !(Terminated[i] || Truncated[i]) ? 1 : 0;
        Array.Clear(Rewards, r.Offset, r.Count);
        Array.Clear(Terminated, r.Offset, r.Count);
        Array.Fill(Truncated, true, r.Offset, r.Count);
        Array.Fill(Infos, DroppedInfo, r.Offset, r.Count);
        DroppedEpisodes += inFlight;
        switch (AutoresetMode)
        {
            case AutoresetMode.NextStep:
                r.PendingReset = fresh;
                r.AwaitingAutoreset = true;
                break;
            case AutoresetMode.SameStep:
                for (int j = 0; j < r.Count; j++) FinalObservations!.CopyItemFrom(Observations, r.Offset + j);
                Array.Fill(HasFinal!, true, r.Offset, r.Count);
                Array.Fill(FinalInfos!, DroppedInfo, r.Offset, r.Count);
                WriteReset(k, fresh);
                break;
            default: // Disabled: the caller resets the truncated rows with ResetWhere, as after any episode end
                break;
        }
        Log($"Dropped the {inFlight} episodes in flight on runner {k} (rows {r.Offset}..{r.Offset + r.Count - 1}); {DroppedEpisodes} dropped so far.");
    }

    private void DeliverAutoreset(int k)
    {
        var r = _runners[k];
        WriteReset(k, r.PendingReset!);
        r.PendingReset = null;
        r.AwaitingAutoreset = false;
        Array.Clear(Rewards, r.Offset, r.Count);
        Array.Clear(Terminated, r.Offset, r.Count);
        Array.Clear(Truncated, r.Offset, r.Count);
        if (HasFinal is not null) Array.Clear(HasFinal, r.Offset, r.Count);
    }

    private RunnerReset AwaitOrReopen(Task<Immutable<RunnerReset>> call, int k, string what, int droppedIfLost)
    {
        try
        {
            return call.GetAwaiter().GetResult().Value;
        }
        catch (Exception e) when (IsLost(e))
        {
            var fresh = Reopen(k, e);
            if (_started && droppedIfLost > 0)
            {
                DroppedEpisodes += droppedIfLost;
                Log($"Dropped the {droppedIfLost} episodes in flight on runner {k} during a {what}; {DroppedEpisodes} dropped so far.");
            }
            return fresh;
        }
        catch (Exception e) when (e is not EnvRunnerException)
        {
            throw Unexpected(k, what, e);
        }
    }

    // Reactivates runner k on a surviving silo (Orleans places it once membership has declared its old silo dead),
    // with fresh envs seeded past every seed used so far, and returns their reset.
    private RunnerReset Reopen(int k, Exception cause) => Reactivate(k, cause, "fresh envs", r =>
    {
        RunnerRestarts++;
        r.FreshSeed = _seed is { } s ? s + r.Offset + (long)RunnerRestarts * NumEnvs : null;
        return r.Grain.Reset(r.FreshSeed, new Immutable<bool[]?>(null)).GetAwaiter().GetResult().Value;
    });

    // Opens runner k again (on a surviving silo once its old one is declared dead), retrying with backoff until
    // RecoveryTimeout, then runs `then` on it: a reset of fresh envs, or a saved state loaded into them.
    private T Reactivate<T>(int k, Exception cause, string what, Func<Runner, T> then)
    {
        var r = _runners[k];
        Log($"Runner {k} ({r.Count} envs) on silo {r.Silo} was lost ({cause.GetType().Name}: {FirstLine(cause.Message)}); reactivating it on a surviving silo.");
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                Accept(k, r.Grain.Open(RunnerOptions(k)).GetAwaiter().GetResult());
                var result = then(r);
                Log($"Runner {k} is back on silo {r.Silo} with {what} after {clock.Elapsed.TotalSeconds:F1} s.");
                return result;
            }
            catch (Exception e) when (IsLost(e))
            {
                if (clock.Elapsed + delay > _options.RecoveryTimeout)
                    throw new ClusterEnvException(
                        $"Runner {k} of '{EnvId}' was lost and could not be reactivated within {_options.RecoveryTimeout.TotalSeconds:F0} s ({e.GetType().Name}: {FirstLine(e.Message)}). " +
                        "Check that a silo is still running (dotgym cluster silo), or raise ClusterVectorEnvOptions.RecoveryTimeout.", e);
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    // The learner receives every runner's reply: refuse a batch whose replies exceed this client's limit before any step.
    private void CheckMessageLimit(IClusterClient client)
    {
        if (client.ServiceProvider.GetService(typeof(IOptions<ClientMessagingOptions>)) is not IOptions<ClientMessagingOptions> messaging) return;
        int limit = messaging.Value.MaxMessageBodySize;
        _messageLimit = limit;
        foreach (var r in _runners)
        {
            long bytes = BufferTransfer.StepReplyBytes(Observations.Buffer, Observations.ItemSize, r.Count, AutoresetMode == AutoresetMode.SameStep);
            if (bytes > limit) throw new ClusterEnvException(BufferTransfer.TooLarge("The learner", bytes, r.Count, EnvId, limit));
        }
    }

    private RunnerOptions RunnerOptions(int k) => new(EnvId, _runners[k].Count, _options.Mode, _options.AutoresetMode, _options.MaxEpisodeSteps);

    private void Accept(int k, RunnerOpened opened)
    {
        string obs = SingleObservationSpace.ToString()!, act = SingleActionSpace.ToString()!;
        if (opened.ObservationSpace != obs || opened.ActionSpace != act || opened.AutoresetMode != AutoresetMode)
            throw new ClusterEnvException(
                $"Runner {k} on silo {opened.Silo} made '{EnvId}' with observation space {opened.ObservationSpace}, action space {opened.ActionSpace} and {opened.AutoresetMode} autoreset, " +
                $"but the learner's '{EnvId}' has {obs}, {act} and {AutoresetMode}. Run the same DotGym build (and env registrations) on the silos and the learner.");
        _runners[k].Silo = opened.Silo;
        _runners[k].SupportsStateSnapshot = opened.SupportsStateSnapshot;
    }

    private T Await<T>(Task<T> call, int k, string what)
    {
        try
        {
            return call.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not EnvRunnerException and not ClusterEnvException)
        {
            throw Unexpected(k, what, e);
        }
    }

    private void Decode(int k, Action read)
    {
        try
        {
            read();
        }
        catch (InvalidDataException e)
        {
            throw new ClusterEnvException($"Runner {k} on silo {_runners[k].Silo} sent a malformed reply: {e.Message}", e);
        }
    }

    private ClusterEnvException Unexpected(int k, string what, Exception e) => new(
        $"The {what} call to runner {k} on silo {_runners[k].Silo} failed: {e.GetType().Name}: {FirstLine(e.Message)}" +
        (e.Message.Contains("size", StringComparison.OrdinalIgnoreCase) ? " The message is larger than the cluster allows (MessagingOptions.MaxMessageBodySize): use fewer envs per runner (more runners) or raise the limit on the silos and the client." : ""), e);

    /// <summary>Failures that mean the runner's activation is gone (not that its env failed).</summary>
    internal static bool IsLost(Exception e) => e is RunnerNotOpenException or SiloUnavailableException or OrleansMessageRejectionException
        or ConnectionFailedException or TimeoutException;

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n');
        return end < 0 ? message : message[..end].TrimEnd();
    }

    private void Log(string line) => _options.Log?.Invoke(line);

    private void CheckCall(IReadOnlyDictionary<string, object>? options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stepPending) throw new InvalidOperationException("A step started by StepAsync(actions) is still pending; call StepWait() first.");
        if (options is { Count: > 0 })
            throw new NotSupportedException($"Reset options ({string.Join(", ", options.Keys)}) do not travel to cluster envs; reset without options (ResetWhere takes a mask).");
    }

    /// <summary>True when every runner's env can snapshot its state (then checkpoints hold it and a resume is exact).</summary>
    public bool SupportsStateSnapshot => _runners.All(r => r.SupportsStateSnapshot);

    /// <summary>
    /// Writes the runner layout (env id, rows per runner), the learner's bookkeeping between steps and each runner's
    /// vector-env snapshot (framed, see <see cref="Snapshots.StateSnapshot"/>). A runner lost while saving is reopened
    /// with fresh envs, and the next step drops its episodes, as a runner lost in a step.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        CheckCall(null);
        ArgumentNullException.ThrowIfNull(writer);
        EnsureCanSnapshot("snapshot");
        var calls = _runners.Select(r => r.IsStepping ? r.Grain.SaveState() : null).ToArray();
        var states = new byte[]?[_runners.Length];
        for (int k = 0; k < _runners.Length; k++)
        {
            if (calls[k] is not { } call) continue;
            try
            {
                states[k] = call.GetAwaiter().GetResult().Value;
            }
            catch (Exception e) when (IsLost(e))
            {
                _runners[k].PendingDrop = Reopen(k, e); // its episodes are gone: the next step drops them
            }
            catch (Exception e) when (e is not EnvRunnerException)
            {
                throw Unexpected(k, "save-state", e);
            }
        }
        StateSnapshot.WriteHeader(writer, SnapshotTag, SnapshotVersion);
        writer.Write(EnvId);
        writer.Write(NumEnvs);
        writer.Write((int)AutoresetMode);
        writer.Write(_runners.Length);
        foreach (var r in _runners) writer.Write(r.Count);
        writer.Write(_started);
        StateSnapshot.WriteOptional(writer, _seed);
        writer.Write(RunnerRestarts);
        writer.Write(DroppedEpisodes);
        StateSnapshot.WriteValues<bool>(writer, Terminated); // a runner lost in the next step counts only the episodes in flight
        StateSnapshot.WriteValues<bool>(writer, Truncated);
        StateSnapshot.WriteValues<byte>(writer, ObservationBytes()); // and keeps its rows' previous observations
        for (int k = 0; k < _runners.Length; k++)
        {
            var r = _runners[k];
            var phase = r.PendingDrop is not null ? RunnerPhase.PendingDrop : r.AwaitingAutoreset ? RunnerPhase.AwaitingAutoreset : RunnerPhase.Stepping;
            writer.Write((byte)phase);
            if (phase == RunnerPhase.Stepping) StateSnapshot.WriteFramed(writer, w => w.Write(states[k]!));
            else StateSnapshot.WriteOptional(writer, r.FreshSeed); // fresh envs reset with this seed: resetting again rebuilds them and their observations
        }
    }

    /// <summary>
    /// Restores what <see cref="SaveState"/> wrote into this env's runners; fails with an <see cref="InvalidDataException"/>
    /// naming the difference when the layout (env id, envs, runners, rows per runner) is not the saved one. A runner
    /// lost before its state arrives is reopened and given its saved state.
    /// </summary>
    public void LoadState(BinaryReader reader)
    {
        CheckCall(null);
        ArgumentNullException.ThrowIfNull(reader);
        EnsureCanSnapshot("restore a snapshot");
        StateSnapshot.ReadHeader(reader, SnapshotTag, SnapshotVersion);
        string envId = reader.ReadString();
        int numEnvs = reader.ReadInt32();
        var mode = (AutoresetMode)reader.ReadInt32();
        int runners = reader.ReadInt32();
        if (runners < 1 || runners > numEnvs) throw new InvalidDataException($"The cluster env snapshot claims {runners} runners for {numEnvs} envs; it is corrupt.");
        var rows = new int[runners];
        for (int k = 0; k < runners; k++) rows[k] = reader.ReadInt32();
        EnsureSameLayout(envId, numEnvs, mode, rows);
        bool started = reader.ReadBoolean();
        long? seed = StateSnapshot.ReadOptionalInt64(reader);
        int restarts = reader.ReadInt32();
        long dropped = reader.ReadInt64();
        var terminated = new bool[NumEnvs];
        var truncated = new bool[NumEnvs];
        var observations = new byte[Buffer.ByteLength(Observations.Buffer)];
        StateSnapshot.ReadValues<bool>(reader, terminated, "cluster env");
        StateSnapshot.ReadValues<bool>(reader, truncated, "cluster env");
        StateSnapshot.ReadValues<byte>(reader, observations, "cluster env");
        var phases = new RunnerPhase[runners];
        var states = new byte[]?[runners];
        var freshSeeds = new long?[runners];
        for (int k = 0; k < runners; k++)
        {
            phases[k] = (RunnerPhase)reader.ReadByte();
            switch (phases[k])
            {
                case RunnerPhase.Stepping:
                    StateSnapshot.ReadFramed(reader, r => states[k] = r.ReadBytes((int)r.BaseStream.Length));
                    if (_messageLimit is { } limit && BufferTransfer.SnapshotBytes(states[k]!.Length) > limit)
                        throw new ClusterEnvException(BufferTransfer.SnapshotTooLarge("The learner", states[k]!.Length, _runners[k].Count, EnvId, limit));
                    break;
                case RunnerPhase.AwaitingAutoreset or RunnerPhase.PendingDrop:
                    freshSeeds[k] = StateSnapshot.ReadOptionalInt64(reader);
                    break;
                default:
                    throw new InvalidDataException($"The cluster env snapshot holds an unknown phase {(byte)phases[k]} for runner {k}; it is corrupt or from a newer DotGym.");
            }
        }

        // Every runner at once: the saved state loaded, or its fresh envs rebuilt by the reset they had.
        var loads = new Task[runners];
        for (int k = 0; k < runners; k++)
            loads[k] = phases[k] == RunnerPhase.Stepping
                ? _runners[k].Grain.LoadState(states[k]!.AsImmutable())
                : _runners[k].Grain.Reset(freshSeeds[k], new Immutable<bool[]?>(null));
        for (int k = 0; k < runners; k++)
        {
            var r = _runners[k];
            byte[]? state = states[k];
            long? freshSeed = freshSeeds[k];
            RunnerReset? fresh;
            try
            {
                loads[k].GetAwaiter().GetResult();
                fresh = (loads[k] as Task<Immutable<RunnerReset>>)?.Result.Value;
            }
            catch (Exception e) when (IsLost(e))
            {
                fresh = Reactivate(k, e, "its saved state", runner => state is not null
                    ? Run(runner.Grain.LoadState(state.AsImmutable()))
                    : runner.Grain.Reset(freshSeed, new Immutable<bool[]?>(null)).GetAwaiter().GetResult().Value);
            }
            catch (Exception e) when (e is not EnvRunnerException and not ClusterEnvException)
            {
                throw Unexpected(k, "load-state", e);
            }
            r.FreshSeed = freshSeed;
            r.AwaitingAutoreset = phases[k] == RunnerPhase.AwaitingAutoreset;
            r.PendingReset = r.AwaitingAutoreset ? fresh : null;
            r.PendingDrop = phases[k] == RunnerPhase.PendingDrop ? fresh : null;
        }
        _started = started;
        _seed = seed;
        RunnerRestarts = restarts;
        DroppedEpisodes = dropped;
        terminated.CopyTo(Terminated, 0);
        truncated.CopyTo(Truncated, 0);
        Buffer.BlockCopy(observations, 0, Observations.Buffer, 0, observations.Length);

        static RunnerReset? Run(Task call)
        {
            call.GetAwaiter().GetResult();
            return null;
        }
    }

    private const string SnapshotTag = "ClusterVectorEnv";
    private const byte SnapshotVersion = 1;

    /// <summary>Where a runner stands between steps (saved with its state).</summary>
    private enum RunnerPhase : byte
    {
        /// <summary>Its envs step: their snapshot is saved.</summary>
        Stepping = 0,
        /// <summary>Reopened after a loss (next-step autoreset): the next step delivers its fresh envs' reset observations.</summary>
        AwaitingAutoreset = 1,
        /// <summary>Lost while saving and reopened: the next step drops its rows' episodes.</summary>
        PendingDrop = 2,
    }

    private void EnsureCanSnapshot(string what)
    {
        if (SupportsStateSnapshot) return;
        var culprits = _runners.Select((r, k) => (r, k)).Where(x => !x.r.SupportsStateSnapshot).Select(x => $"runner {x.k} on silo {x.r.Silo}");
        throw new NotSupportedException(
            $"Cannot {what} of the cluster envs: '{EnvId}' on {string.Join(", ", culprits)} cannot snapshot its state. Check SupportsStateSnapshot first (checkpoints then leave the env state out and resume on fresh episodes).");
    }

    private void EnsureSameLayout(string envId, int numEnvs, AutoresetMode mode, int[] rows)
    {
        var current = _runners.Select(r => r.Count).ToArray();
        string? difference =
            envId != EnvId ? $"'{envId}', but this one makes '{EnvId}'"
            : numEnvs != NumEnvs ? $"{numEnvs} envs, but this one has {NumEnvs}"
            : mode != AutoresetMode ? $"{mode} autoreset, but this one has {AutoresetMode}"
            : !rows.AsSpan().SequenceEqual(current) ? $"{Layout(rows)}, but this one has {Layout(current)}"
            : null;
        if (difference is null) return;
        throw new InvalidDataException(
            $"This cluster env snapshot was saved with {difference}. Resume with the layout it was saved with: the same env and number of envs (--num-envs) " +
            "and the same number of runners (ClusterVectorEnvOptions.Runners, or RunnersPerSilo / --runners-per-silo with as many live silos as when it was saved).");
    }

    private static string Layout(int[] rows) => rows.Length == 1 ? $"1 runner of {rows[0]} rows" : $"{rows.Length} runners of {string.Join(", ", rows)} rows";

    private byte[] ObservationBytes()
    {
        var bytes = new byte[Buffer.ByteLength(Observations.Buffer)];
        Buffer.BlockCopy(Observations.Buffer, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Closes every runner (the silos dispose their envs). The client stays open: its owner disposes it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var task in _pending)
            if (task is not null) try { task.Wait(); } catch (AggregateException) { /* reported by StepWait, or nobody waits */ }
        var closes = _runners.Where(r => r is not null).Select(r => r.Grain.Close()).ToArray();
        try
        {
            Task.WaitAll(closes, TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // A runner on a dead silo has nothing left to close.
        }
        OwnedClient?.Dispose();
    }

    /// <summary>The client host this env made for itself (<see cref="ClusterVectorEnv.Connect"/>), disposed with it.</summary>
    internal IDisposable? OwnedClient { get; set; }

    public override string ToString() => $"ClusterVectorEnv<{EnvId}>({NumEnvs} envs on {_runners.Length} runners)";

    private sealed class Runner(IEnvRunnerGrain grain, int offset, int count)
    {
        public IEnvRunnerGrain Grain { get; } = grain;
        public int Offset { get; } = offset;
        public int Count { get; } = count;
        public string Silo { get; set; } = "(not opened)";
        public bool SupportsStateSnapshot { get; set; }
        // The seed of the fresh envs' reset after the last reopen (saved, so a resume rebuilds them exactly).
        public long? FreshSeed { get; set; }
        // Lost between steps (while saving) and reopened: the next step drops its rows' episodes, as if lost in it.
        public RunnerReset? PendingDrop { get; set; }
        public bool IsStepping => !AwaitingAutoreset && PendingDrop is null;
        // Next-step autoreset after a reopen: the next step delivers PendingReset instead of stepping the runner.
        public bool AwaitingAutoreset { get; set; }
        public RunnerReset? PendingReset { get; set; }
    }
}
