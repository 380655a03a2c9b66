using DotGym.Remote.Protocol;
using AutoresetMode = DotGym.Vector.AutoresetMode;
using Space = DotGym.Spaces.Space;
using DotGym.Remote.Wire;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Remote.Client;

/// <summary>
/// Envs hosted by one or several env servers, stepped as one local vector env (Core's batched-env contract), so an
/// agent trains against them as against a local batch. Server k's envs are rows <c>offset_k .. offset_k + n_k</c>;
/// <c>Reset(seed)</c> resets row i with <c>seed + i</c> whichever server holds it, so one server of 8 envs or two of 4
/// give the same run as a local vector env of 8. <see cref="StepAsync"/> sends every server its actions at once and
/// <see cref="StepWait"/> collects the replies, so the servers step in parallel while the trainer works.
/// <para>
/// Ownership and autoreset are the contract's: results are views of buffers reused by the next call; the autoreset
/// mode is the servers' (they must agree). A server that dies, stalls past the reply timeout or fails a request
/// raises a <see cref="RemoteEnvException"/> naming it; its envs are lost (<see cref="SupportsStateSnapshot"/> is
/// false), so a trainer stops with a checkpoint and resumes on fresh episodes.
/// </para>
/// Make one with <see cref="RemoteVectorEnv.Connect(IEnumerable{string}, RemoteEnvOptions?)"/>.
/// </summary>
public sealed class RemoteVectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
{
    private readonly RemoteConnection[] _connections;
    private readonly int[] _offsets;
    private readonly int[] _counts;
    private readonly Batch<TAct> _actions;
    private readonly Task<EnvReply>[] _pending;
    private readonly bool[] _selected;
    private bool _started, _stepPending, _disposed;

    internal RemoteVectorEnv(RemoteConnection[] connections, Space<TObs> observationSpace, Space<TAct> actionSpace)
    {
        _connections = connections;
        _offsets = new int[connections.Length];
        _counts = new int[connections.Length];
        int total = 0;
        for (int k = 0; k < connections.Length; k++)
        {
            _offsets[k] = total;
            _counts[k] = connections[k].Welcome.NumEnvs;
            total += _counts[k];
        }
        var welcome = connections[0].Welcome;
        EnvId = welcome.EnvId;
        AutoresetMode = RemoteProtocol.FromProto(welcome.AutoresetMode);
        SingleObservationSpace = observationSpace;
        SingleActionSpace = actionSpace;
        ObservationSpace = new BatchedSpace<TObs>(observationSpace, total);
        ActionSpace = new BatchedSpace<TAct>(actionSpace, total);
        Spec = new EnvSpec
        {
            Id = EnvId,
            Factory = _ => throw new NotSupportedException($"'{EnvId}' is a remote env: its server makes it. Connect with RemoteEnv.Connect(address) instead."),
            RewardThreshold = welcome.ThresholdCase == Welcome.ThresholdOneofCase.RewardThreshold ? welcome.RewardThreshold : null,
            MaxEpisodeSteps = welcome.LimitCase == Welcome.LimitOneofCase.MaxEpisodeSteps ? welcome.MaxEpisodeSteps : null,
        };
        Observations = Batch<TObs>.Create(observationSpace, total);
        Rewards = new double[total];
        Terminated = new bool[total];
        Truncated = new bool[total];
        Infos = new IReadOnlyDictionary<string, object>[total];
        Array.Fill(Infos, DotGym.Infos.Empty);
        if (AutoresetMode == AutoresetMode.SameStep)
        {
            FinalObservations = Batch<TObs>.Create(observationSpace, total);
            FinalInfos = new IReadOnlyDictionary<string, object>[total];
            Array.Fill(FinalInfos, DotGym.Infos.Empty);
            HasFinal = new bool[total];
        }
        _actions = Batch<TAct>.Create(actionSpace, total);
        _pending = new Task<EnvReply>[connections.Length];
        _selected = new bool[connections.Length];
    }

    /// <summary>The env id the (first) server announced.</summary>
    public string EnvId { get; }

    /// <summary>The servers, in row order.</summary>
    public IReadOnlyList<string> Addresses => _connections.Select(c => c.Address).ToArray();

    public int NumEnvs => Rewards.Length;
    public Space<TObs> SingleObservationSpace { get; }
    public Space<TAct> SingleActionSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> observations.</summary>
    public BatchedSpace<TObs> ObservationSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> actions.</summary>
    public BatchedSpace<TAct> ActionSpace { get; }
    public AutoresetMode AutoresetMode { get; }
    public EnvMetadata Metadata => EnvMetadata.Default;
    public string? RenderMode => null;
    /// <summary>The announced env id, reward threshold and episode limit (the spec cannot make the env: its server does).</summary>
    public EnvSpec Spec { get; }
    EnvSpec? IVectorEnv.Spec => Spec;
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
        Array.Fill(_selected, true);
        return ResetSelected(default, seed);
    }

    /// <summary>Resets only the rows where <paramref name="mask"/> is true (only their servers are asked); row i gets <c>seed + i</c>.</summary>
    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        CheckCall(options);
        if (mask.Length != NumEnvs)
            throw new ArgumentException($"The reset mask has {mask.Length} entries for {NumEnvs} sub-envs; pass one bool per sub-env.", nameof(mask));
        if (!mask.Contains(true))
            throw new ArgumentException("The reset mask selects no sub-env (Gymnasium requires at least one); check mask.Contains(true) before resetting.", nameof(mask));
        if (!_started)
            throw new ResetNeededException("Call Reset(seed) on the remote vector env before ResetWhere(mask): its envs have never been reset.");
        for (int k = 0; k < _connections.Length; k++) _selected[k] = mask.Slice(_offsets[k], _counts[k]).Contains(true);
        return ResetSelected(mask, seed);
    }

    private VectorResetResult<TObs> ResetSelected(ReadOnlySpan<bool> mask, long? seed)
    {
        for (int k = 0; k < _connections.Length; k++)
        {
            if (!_selected[k])
            {
                Array.Fill(Infos, DotGym.Infos.Empty, _offsets[k], _counts[k]);
                continue;
            }
            var request = new ResetRequest();
            if (seed is { } s) request.Seed = s + _offsets[k];
            if (!mask.IsEmpty)
                foreach (bool b in mask.Slice(_offsets[k], _counts[k])) request.Mask.Add(b);
            _pending[k] = _connections[k].RoundTripAsync(new EnvRequest { Reset = request }, "reset", ReplyTimeout(k));
        }
        for (int k = 0; k < _connections.Length; k++)
        {
            if (!_selected[k]) continue;
            var reply = Await(k);
            if (reply.KindCase != EnvReply.KindOneofCase.Reset) throw _connections[k].Fail($"answered a reset with {reply.KindCase}.");
            Decode(k, () =>
            {
                TensorCodec.CopyInto(reply.Reset.Observations, Observations, _offsets[k], _counts[k], "reset observations");
                InfoCodec.DecodeAll(reply.Reset.Infos, Infos, _offsets[k], _counts[k], "reset reply");
            });
            if (mask.IsEmpty)
            {
                Array.Clear(Terminated, _offsets[k], _counts[k]);
                Array.Clear(Truncated, _offsets[k], _counts[k]);
            }
        }
        _started = true;
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
        if (!_started) throw new ResetNeededException("The remote envs have never been reset. Call Reset(seed) on the vector env before Step().");
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"Got {actions.Length} actions for {NumEnvs} sub-envs; pass exactly one action per sub-env.", nameof(actions));
        for (int i = 0; i < actions.Length; i++)
        {
            if (!SingleActionSpace.Contains(actions[i])) SingleActionSpace.EnsureContains(actions[i], $"action for sub-env {i}");
            _actions.Set(i, actions[i]);
        }
        for (int k = 0; k < _connections.Length; k++)
        {
            var request = new StepRequest { Actions = TensorCodec.FromBatch(_actions, _offsets[k], _counts[k]) };
            _pending[k] = _connections[k].RoundTripAsync(new EnvRequest { Step = request }, "step", ReplyTimeout(k));
        }
        _stepPending = true;
    }

    /// <inheritdoc/>
    public VectorStepResult<TObs> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stepPending) throw new InvalidOperationException("StepWait() needs a step started by StepAsync(actions) first.");
        _stepPending = false;
        RemoteEnvException? failure = null;
        for (int k = 0; k < _connections.Length; k++)
        {
            EnvReply reply;
            try
            {
                reply = Await(k);
            }
            catch (RemoteEnvException e)
            {
                failure ??= e; // still wait for the other servers, so no reply is left behind
                continue;
            }
            if (failure is not null) continue;
            if (reply.KindCase != EnvReply.KindOneofCase.Step) throw _connections[k].Fail($"answered a step with {reply.KindCase}.");
            Decode(k, () => ReadStep(k, reply.Step));
        }
        if (failure is not null) throw failure;
        return new VectorStepResult<TObs>(Observations, Rewards, Terminated, Truncated, Infos, FinalObservations, FinalInfos, HasFinal);
    }

    private void ReadStep(int k, StepReply step)
    {
        int first = _offsets[k], count = _counts[k];
        TensorCodec.CopyInto(step.Observations, Observations, first, count, "step observations");
        if (step.Rewards.Count != count || step.Terminated.Count != count || step.Truncated.Count != count)
            throw new InvalidDataException($"The step reply has {step.Rewards.Count} rewards, {step.Terminated.Count} terminated and {step.Truncated.Count} truncated flags for {count} envs.");
        step.Rewards.CopyTo(Rewards, first);
        step.Terminated.CopyTo(Terminated, first);
        step.Truncated.CopyTo(Truncated, first);
        InfoCodec.DecodeAll(step.Infos, Infos, first, count, "step reply");
        if (HasFinal is null) return;
        if (step.HasFinal.Count == 0)
        {
            Array.Clear(HasFinal, first, count);
            Array.Fill(FinalInfos!, DotGym.Infos.Empty, first, count);
            return;
        }
        if (step.HasFinal.Count != count) throw new InvalidDataException($"The step reply has {step.HasFinal.Count} has_final flags for {count} envs.");
        step.HasFinal.CopyTo(HasFinal, first);
        TensorCodec.CopyInto(step.FinalObservations, FinalObservations!, first, count, "final observations");
        InfoCodec.DecodeAll(step.FinalInfos, FinalInfos!, first, count, "step reply's final infos");
    }

    private EnvReply Await(int k)
    {
        try
        {
            return _pending[k].GetAwaiter().GetResult();
        }
        finally
        {
            _pending[k] = null!;
        }
    }

    // A reply that does not fit the handshake is the server's bug: say which server sent it.
    private void Decode(int k, Action read)
    {
        try
        {
            read();
        }
        catch (InvalidDataException e)
        {
            throw _connections[k].Fail($"sent a malformed reply: {e.Message}", e);
        }
    }

    private TimeSpan ReplyTimeout(int k) => _connections[k].ReplyTimeout;

    private void CheckCall(IReadOnlyDictionary<string, object>? options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stepPending) throw new InvalidOperationException("A step started by StepAsync(actions) is still pending; call StepWait() first.");
        if (options is { Count: > 0 })
            throw new NotSupportedException($"Reset options ({string.Join(", ", options.Keys)}) do not travel to remote envs; reset without options (ResetWhere takes a mask).");
    }

    public bool SupportsStateSnapshot => false;

    public void SaveState(BinaryWriter writer) =>
        throw new NotSupportedException("Remote envs cannot be snapshotted: their state lives in the server. Checkpoints leave it out and resume on fresh episodes.");

    public void LoadState(BinaryReader reader) =>
        throw new NotSupportedException("Remote envs cannot restore a snapshot: their state lives in the server.");

    /// <summary>Closes every session (the servers dispose their envs).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var task in _pending)
            if (task is not null) try { task.Wait(); } catch (AggregateException) { /* the failure was reported by StepWait, or nobody waits */ }
        foreach (var connection in _connections) connection.Dispose();
    }

    public override string ToString() =>
        $"RemoteVectorEnv<{EnvId}>({NumEnvs} envs at {string.Join(", ", _connections.Select(c => c.Address))})";
}
