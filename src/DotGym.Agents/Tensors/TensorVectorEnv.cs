using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>Lets <see cref="TensorEnvs.Make"/> record the spec a tensor env was made from.</summary>
internal interface IHasSpec
{
    EnvSpec? Spec { get; set; }
}

/// <summary>
/// The shared half of every tensor env: result buffers on the device, the time limit, the three autoreset modes and
/// the episode statistics, all as a fixed sequence of tensor ops (no host read while stepping), plus the host face.
/// A subclass only says how its state starts (<see cref="ResetState"/>), moves (<see cref="Advance"/>) and looks
/// (<see cref="Observe"/>).
/// <para>
/// Per step, by <see cref="AutoresetMode"/> (the same semantics as Core's <c>VectorEnv</c>):
/// <see cref="AutoresetMode.NextStep"/>: envs whose episode ended last step are reset, ignore their action and return
/// reward 0 with both flags false (<see cref="TensorVectorStep.AutoresetStep"/>);
/// <see cref="AutoresetMode.SameStep"/>: envs that end are reset within the step, their last observation kept in
/// <see cref="TensorVectorStep.FinalObservations"/>; <see cref="AutoresetMode.Disabled"/>: nothing resets, and an env
/// stepped after its end continues as the scalar env would (Gymnasium's post-termination steps).
/// Fresh initial states are drawn for every row on every step and used where a reset happens, so the random streams
/// never depend on which envs ended.
/// </para>
/// </summary>
/// <typeparam name="TObs">The host face's observation type: <c>float[]</c> for Box observations, <c>int</c> for Discrete.</typeparam>
public abstract class TensorVectorEnv<TObs> : ITensorVectorEnv, IVectorEnv<TObs, int>, IHasSpec
{
    private readonly Tensor _needsReset;      // NextStep: ended last step; Disabled: ended earlier in this episode
    private readonly Tensor _elapsed;         // int64 steps in the current episode
    private readonly Tensor _runningReturn;   // float64
    private readonly Tensor _runningLength;   // int64
    private readonly Batch<TObs> _hostObservations;
    private readonly Batch<TObs>? _hostFinalObservations;
    private readonly double[] _hostRewards;
    private readonly bool[] _hostTerminated, _hostTruncated, _hostEnded;
    private readonly bool[]? _hostHasFinal;
    private readonly IReadOnlyDictionary<string, object>[] _hostInfos;
    private readonly int[] _pendingActions;
    private Generator? _resetGenerator, _dynamicsGenerator;
    private bool _started, _stepPending, _disposed;

    /// <param name="numEnvs">Envs in the batch (≥ 1).</param>
    /// <param name="singleObservationSpace">One env's observation space (<c>Box&lt;float&gt;</c> or <c>Discrete</c>).</param>
    /// <param name="actionCount">One env's actions: <c>Discrete(actionCount)</c>.</param>
    /// <param name="device">Where everything lives (null: the CPU).</param>
    /// <param name="stateType">float32 or float64 dynamics and rewards.</param>
    /// <param name="maxEpisodeSteps">Episodes are truncated after this many steps (null: never).</param>
    /// <param name="autoreset">When ended episodes restart.</param>
    protected TensorVectorEnv(int numEnvs, Space<TObs> singleObservationSpace, int actionCount, Device? device, ScalarType stateType,
        int? maxEpisodeSteps, AutoresetMode autoreset)
    {
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "A tensor env needs numEnvs >= 1.");
        if (stateType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentOutOfRangeException(nameof(stateType), stateType, "Tensor envs step float32 (fast) or float64 (follows the scalar env) state; pass ScalarType.Float32 or ScalarType.Float64.");
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "maxEpisodeSteps must be >= 1, or null for no time limit.");
        if (!Enum.IsDefined(autoreset)) throw new ArgumentOutOfRangeException(nameof(autoreset), autoreset, "Use AutoresetMode.NextStep, SameStep or Disabled.");
        NumEnvs = numEnvs;
        Device = device ?? CPU;
        StateType = stateType;
        MaxEpisodeSteps = maxEpisodeSteps;
        AutoresetMode = autoreset;
        SingleObservationSpace = singleObservationSpace;
        SingleActionSpace = new Discrete(actionCount);
        ObservationSpace = new BatchedSpace<TObs>(singleObservationSpace, numEnvs);
        ActionSpace = new BatchedSpace<int>(SingleActionSpace, numEnvs);
        CheckActionValues = Device.type == DeviceType.CPU;

        _hostObservations = Batch<TObs>.Create(singleObservationSpace, numEnvs);
        var observationShape = new long[] { numEnvs }.Concat(_hostObservations.Shape.Skip(1).Select(d => (long)d)).ToArray();
        var observationType = singleObservationSpace is Discrete ? ScalarType.Int64 : ScalarType.Float32;
        Observations = Keep(zeros(observationShape, dtype: observationType, device: Device));
        var rewards = Keep(zeros(numEnvs, dtype: stateType, device: Device));
        var terminated = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
        var truncated = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
        Tensor? finalObservations = null, hasFinal = null, autoresetStep = null;
        if (autoreset == AutoresetMode.SameStep)
        {
            finalObservations = Keep(zeros(observationShape, dtype: observationType, device: Device));
            hasFinal = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
            _hostFinalObservations = Batch<TObs>.Create(singleObservationSpace, numEnvs);
            _hostHasFinal = new bool[numEnvs];
        }
        if (autoreset == AutoresetMode.NextStep) autoresetStep = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
        LastStep = new TensorVectorStep(Observations, rewards, terminated, truncated, finalObservations, hasFinal, autoresetStep,
            Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device)), Keep(zeros(numEnvs, dtype: ScalarType.Float64, device: Device)),
            Keep(zeros(numEnvs, dtype: ScalarType.Int64, device: Device)));
        _needsReset = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
        _elapsed = Keep(zeros(numEnvs, dtype: ScalarType.Int64, device: Device));
        _runningReturn = Keep(zeros(numEnvs, dtype: ScalarType.Float64, device: Device));
        _runningLength = Keep(zeros(numEnvs, dtype: ScalarType.Int64, device: Device));
        _hostRewards = new double[numEnvs];
        _hostTerminated = new bool[numEnvs];
        _hostTruncated = new bool[numEnvs];
        _hostEnded = new bool[numEnvs];
        _hostInfos = new IReadOnlyDictionary<string, object>[numEnvs];
        Array.Fill(_hostInfos, Infos.Empty);
        _pendingActions = new int[numEnvs];
    }

    /// <summary>A tensor that lives as long as the env: out of any caller's dispose scope.</summary>
    protected static Tensor Keep(Tensor tensor) => tensor.DetachFromDisposeScope();

    public int NumEnvs { get; }
    public Device Device { get; }
    public ScalarType StateType { get; }
    /// <summary>The time limit (null: none).</summary>
    public int? MaxEpisodeSteps { get; }
    public AutoresetMode AutoresetMode { get; }
    public bool CheckActionValues { get; set; }
    public Space<TObs> SingleObservationSpace { get; }
    /// <summary>One env's action space.</summary>
    public Discrete SingleActionSpace { get; }
    public BatchedSpace<TObs> ObservationSpace { get; }
    public BatchedSpace<int> ActionSpace { get; }
    public Tensor Observations { get; }
    public TensorVectorStep LastStep { get; }
    /// <summary>The spec it was made from by <see cref="TensorEnvs.Make"/> (null when constructed directly).</summary>
    public EnvSpec? Spec { get; private set; }
    EnvSpec? IHasSpec.Spec { get => Spec; set => Spec = value; }
    public EnvMetadata Metadata => EnvMetadata.Default;
    public string? RenderMode => null;
    IReadOnlyList<IEnv> IVectorEnv.SubEnvs => [];
    Space<int> IVectorEnv<TObs, int>.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.SingleObservationSpace => SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.ObservationSpace => ObservationSpace;
    Space IVectorEnv.ActionSpace => ActionSpace;
    public TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit<TObs, int>(this);

    /// <summary>The generator of initial-state draws (seeded with the reset seed).</summary>
    protected Generator ResetGenerator => _resetGenerator ?? throw NotStarted();
    /// <summary>The generator of the dynamics' own randomness, e.g. slips (seeded with the reset seed + 1).</summary>
    protected Generator DynamicsGenerator => _dynamicsGenerator ?? throw NotStarted();

    // ---- what a subclass provides -----------------------------------------------------------------------------

    /// <summary>
    /// Draws a fresh initial state for every row from <see cref="ResetGenerator"/> and puts it where
    /// <paramref name="rows"/> (bool <c>[NumEnvs]</c>) is true, or everywhere when null.
    /// </summary>
    protected abstract void ResetState(Tensor? rows);

    /// <summary>Moves every env by its action (int64 <c>[NumEnvs]</c>), writes the rewards into <paramref name="rewards"/> and returns the bool terminated flags.</summary>
    protected abstract Tensor Advance(Tensor actions, Tensor rewards);

    /// <summary>Writes the observation of the current state into <paramref name="into"/>.</summary>
    protected abstract void Observe(Tensor into);

    // ---- the tensor face ----------------------------------------------------------------------------------------

    public Tensor ResetTensors(long? seed = null)
    {
        ThrowIfUnusable();
        Seed(seed);
        using var scope = NewDisposeScope();
        ResetState(null);
        _elapsed.zero_();
        _needsReset.zero_();
        _runningReturn.zero_();
        _runningLength.zero_();
        LastStep.Rewards.zero_();
        LastStep.Terminated.zero_();
        LastStep.Truncated.zero_();
        LastStep.EpisodeEnded.zero_();
        LastStep.HasFinal?.zero_();
        LastStep.AutoresetStep?.zero_();
        Observe(Observations);
        _started = true;
        return Observations;
    }

    public Tensor ResetWhereTensors(Tensor mask, long? seed = null)
    {
        ThrowIfUnusable();
        if (!_started) throw new ResetNeededException($"{this}: call Reset(seed) once before ResetWhere(mask).");
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dtype != ScalarType.Bool || mask.shape.Length != 1 || mask.shape[0] != NumEnvs)
            throw new ArgumentException($"The reset mask must be a bool tensor of shape [{NumEnvs}], got {mask.dtype} [{string.Join(", ", mask.shape)}].", nameof(mask));
        if (seed is not null) Seed(seed);
        using var scope = NewDisposeScope();
        var rows = mask.to(Device);
        ResetState(rows);
        _elapsed.masked_fill_(rows, 0);
        _needsReset.masked_fill_(rows, false);
        _runningReturn.masked_fill_(rows, 0);
        _runningLength.masked_fill_(rows, 0);
        LastStep.Rewards.masked_fill_(rows, 0);
        LastStep.Terminated.masked_fill_(rows, false);
        LastStep.Truncated.masked_fill_(rows, false);
        LastStep.EpisodeEnded.masked_fill_(rows, false);
        Observe(Observations);
        return Observations;
    }

    public TensorVectorStep StepTensors(Tensor actions)
    {
        ThrowIfUnusable();
        if (!_started) throw new ResetNeededException($"{this}: call Reset(seed) before Step(); the envs have no state yet.");
        using var scope = NewDisposeScope();
        var a = CheckedActions(actions);
        var s = LastStep;
        var rewards = s.Rewards;
        switch (AutoresetMode)
        {
            case AutoresetMode.NextStep:
            {
                var autoreset = s.AutoresetStep!;
                autoreset.copy_(_needsReset);
                var terminated = Advance(a, rewards);
                ResetState(autoreset);
                CountSteps(autoreset);
                rewards.masked_fill_(autoreset, 0);
                s.Terminated.copy_(terminated).masked_fill_(autoreset, false);
                _needsReset.copy_(s.Terminated).logical_or_(s.Truncated);
                Observe(Observations);
                RecordEpisodes(counted: autoreset.logical_not(), ended: _needsReset);
                break;
            }
            case AutoresetMode.SameStep:
            {
                var terminated = Advance(a, rewards);
                CountSteps(null);
                s.Terminated.copy_(terminated);
                var ended = s.HasFinal!.copy_(terminated).logical_or_(s.Truncated);
                Observe(s.FinalObservations!);
                ResetState(ended);
                _elapsed.masked_fill_(ended, 0);
                Observe(Observations);
                RecordEpisodes(counted: null, ended: ended);
                break;
            }
            default:
            {
                var endedBefore = _needsReset.clone();
                var terminated = Advance(a, rewards);
                CountSteps(null);
                s.Terminated.copy_(terminated);
                _needsReset.logical_or_(terminated).logical_or_(s.Truncated);
                Observe(Observations);
                var counted = endedBefore.logical_not();
                RecordEpisodes(counted, ended: _needsReset.logical_and(counted));
                break;
            }
        }
        return s;
    }

    /// <summary>Advances the step counters (not where <paramref name="restarted"/>) and sets the truncation flags.</summary>
    private void CountSteps(Tensor? restarted)
    {
        if (MaxEpisodeSteps is not { } max)
        {
            LastStep.Truncated.zero_();
            return;
        }
        _elapsed.add_(1);
        if (restarted is not null) _elapsed.masked_fill_(restarted, 0);
        LastStep.Truncated.copy_(_elapsed.ge(max));
    }

    /// <summary>RecordEpisodeStatistics on the device: running sums over the <paramref name="counted"/> steps, snapshotted where an episode <paramref name="ended"/>.</summary>
    private void RecordEpisodes(Tensor? counted, Tensor ended)
    {
        var s = LastStep;
        if (counted is null)
        {
            _runningReturn.add_(s.Rewards);
            _runningLength.add_(1);
        }
        else
        {
            _runningReturn.add_(where(counted, s.Rewards.to(ScalarType.Float64), 0.0));
            _runningLength.add_(counted);
        }
        s.EpisodeEnded.copy_(ended);
        s.EpisodeReturns.copy_(where(ended, _runningReturn, s.EpisodeReturns));
        s.EpisodeLengths.copy_(where(ended, _runningLength, s.EpisodeLengths));
        _runningReturn.masked_fill_(ended, 0);
        _runningLength.masked_fill_(ended, 0);
    }

    private Tensor CheckedActions(Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!SameDevice(actions.device, Device))
            throw new ArgumentException($"The actions are on {actions.device} but {this} lives on {Device}; move them with actions.to(env.Device), or make the env on {actions.device}.", nameof(actions));
        if (actions.dtype is not (ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte))
            throw new ArgumentException($"The actions are a {actions.dtype} tensor, but {this} takes Discrete({SingleActionSpace.N}) actions as an integer tensor; convert them with actions.to(ScalarType.Int64) (a float tensor here usually means a Box policy on a discrete env).", nameof(actions));
        bool column = actions.shape.Length == 2 && actions.shape[1] == 1;
        if (!(actions.shape.Length == 1 || column) || actions.shape[0] != NumEnvs)
            throw new ArgumentException($"The actions have shape [{string.Join(", ", actions.shape)}] but {this} has {NumEnvs} envs; pass one action per env, shape [{NumEnvs}] (or [{NumEnvs}, 1]).", nameof(actions));
        var a = column ? actions.squeeze(1) : actions;
        if (a.dtype != ScalarType.Int64) a = a.to(ScalarType.Int64);
        if (CheckActionValues && a.lt(0).logical_or_(a.ge(SingleActionSpace.N)).any().item<bool>())
        {
            var host = a.cpu().data<long>().ToArray();
            int bad = Array.FindIndex(host, v => v < 0 || v >= SingleActionSpace.N);
            throw new ArgumentOutOfRangeException(nameof(actions), host[bad], $"actions[{bad}] = {host[bad]} is outside Discrete({SingleActionSpace.N}); use 0 to {SingleActionSpace.N - 1}.");
        }
        return a;
    }

    private static bool SameDevice(Device a, Device b) => a.type == b.type && (a.type == DeviceType.CPU || a.index < 0 || b.index < 0 || a.index == b.index);

    private void Seed(long? seed)
    {
        if (seed is null && _resetGenerator is not null) return; // continue the streams
        ulong value = seed is { } s ? unchecked((ulong)s) : (ulong)System.Random.Shared.NextInt64();
        _resetGenerator?.Dispose();
        _dynamicsGenerator?.Dispose();
        _resetGenerator = new Generator(value, Device);
        _dynamicsGenerator = new Generator(unchecked(value + 1), Device);
    }

    private InvalidOperationException NotStarted() => new ResetNeededException($"{this}: call Reset(seed) first; the generators are seeded there.");

    // ---- the host face (Core's IVectorEnv<TObs, int>) -------------------------------------------------------------

    public VectorResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        CheckNoOptions(options);
        ResetTensors(seed);
        CopyToHost(afterReset: true);
        return new VectorResetResult<TObs>(_hostObservations, _hostInfos);
    }

    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        CheckNoOptions(options);
        if (mask.Length != NumEnvs) throw new ArgumentException($"The reset mask has {mask.Length} entries for {NumEnvs} envs; pass one bool per env.", nameof(mask));
        if (!mask.Contains(true)) throw new ArgumentException("The reset mask selects no env (Gymnasium requires at least one); check mask.Contains(true) before resetting.", nameof(mask));
        using (var scope = NewDisposeScope()) ResetWhereTensors(tensor(mask.ToArray(), device: Device), seed);
        CopyToHost(afterReset: true);
        return new VectorResetResult<TObs>(_hostObservations, _hostInfos);
    }

    public VectorStepResult<TObs> Step(ReadOnlySpan<int> actions)
    {
        TakeActions(actions);
        return StepPending();
    }

    public void StepAsync(ReadOnlySpan<int> actions)
    {
        TakeActions(actions);
        _stepPending = true;
    }

    public VectorStepResult<TObs> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stepPending) throw new InvalidOperationException("StepWait() needs a step started by StepAsync(actions) first.");
        _stepPending = false;
        return StepPending();
    }

    private void TakeActions(ReadOnlySpan<int> actions)
    {
        ThrowIfUnusable();
        if (!_started) throw new ResetNeededException($"{this}: call Reset(seed) before Step(); the envs have no state yet.");
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"Got {actions.Length} actions for {NumEnvs} envs; pass exactly one action per env.", nameof(actions));
        for (int i = 0; i < NumEnvs; i++)
        {
            if (AutoresetMode == AutoresetMode.Disabled && _hostEnded[i])
                throw new ResetNeededException($"Env {i} finished its episode in the previous step and autoreset is Disabled. Call ResetWhere(mask) with the finished envs (terminated | truncated) before stepping them again.");
            SingleActionSpace.EnsureContains(actions[i], $"action for env {i}");
        }
        actions.CopyTo(_pendingActions);
    }

    private VectorStepResult<TObs> StepPending()
    {
        using (var scope = NewDisposeScope()) StepTensors(tensor(_pendingActions, dtype: ScalarType.Int64, device: Device));
        CopyToHost(afterReset: false);
        return new VectorStepResult<TObs>(_hostObservations, _hostRewards, _hostTerminated, _hostTruncated, _hostInfos,
            _hostFinalObservations, _hostHasFinal is null ? null : _hostInfos, _hostHasFinal);
    }

    private void CopyToHost(bool afterReset)
    {
        using var scope = NewDisposeScope();
        CopyObservations(Observations, _hostObservations);
        LastStep.Rewards.to(ScalarType.Float64).cpu().data<double>().CopyTo(_hostRewards);
        LastStep.Terminated.cpu().data<bool>().CopyTo(_hostTerminated);
        LastStep.Truncated.cpu().data<bool>().CopyTo(_hostTruncated);
        _needsReset.cpu().data<bool>().CopyTo(_hostEnded);
        if (_hostHasFinal is not null)
        {
            LastStep.HasFinal!.cpu().data<bool>().CopyTo(_hostHasFinal);
            if (!afterReset) CopyObservations(LastStep.FinalObservations!, _hostFinalObservations!);
        }
    }

    private static void CopyObservations(Tensor source, Batch<TObs> target)
    {
        switch (target.Buffer)
        {
            case float[] floats: source.cpu().data<float>().CopyTo(floats); break;
            case int[] ints: source.to(ScalarType.Int32).cpu().data<int>().CopyTo(ints); break;
            default: throw new NotSupportedException($"Tensor envs give float or int observations, not {target.Buffer.GetType().Name}.");
        }
    }

    private void CheckNoOptions(IReadOnlyDictionary<string, object>? options)
    {
        if (options is { Count: > 0 })
            throw new ArgumentException($"{this} takes no reset options (got {string.Join(", ", options.Keys)}); use ResetWhere(mask) to reset some envs.", nameof(options));
    }

    /// <summary>False: the state lives on the device and is not snapshotted yet (resume starts fresh episodes).</summary>
    public bool SupportsStateSnapshot => false;

    public void SaveState(BinaryWriter writer) => throw new NotSupportedException($"{this} cannot snapshot its device state; check SupportsStateSnapshot first (checkpoints then resume with fresh episodes).");

    public void LoadState(BinaryReader reader) => throw new NotSupportedException($"{this} cannot load a state snapshot; check SupportsStateSnapshot first.");

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stepPending) throw new InvalidOperationException("A step started by StepAsync is still pending; call StepWait() to receive it before any other call.");
    }

    /// <summary>Releases the device buffers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        var s = LastStep;
        foreach (var t in new[] { s.Observations, s.Rewards, s.Terminated, s.Truncated, s.FinalObservations, s.HasFinal, s.AutoresetStep,
                     s.EpisodeEnded, s.EpisodeReturns, s.EpisodeLengths, _needsReset, _elapsed, _runningReturn, _runningLength })
            t?.Dispose();
        _resetGenerator?.Dispose();
        _dynamicsGenerator?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the subclass's own tensors.</summary>
    protected virtual void Dispose(bool disposing) { }

    public override string ToString() => $"{GetType().Name}({(Spec is null ? "" : Spec.Id + ", ")}num_envs={NumEnvs}, {Device}, {StateType}, autoreset={AutoresetMode})";
}
