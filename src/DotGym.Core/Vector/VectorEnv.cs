using DotGym.Rendering;
using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Vector;

/// <summary>
/// Runs <see cref="NumEnvs"/> copies of an env as one batched env with Gymnasium 1.x <c>VectorEnv</c> semantics.
/// <para>
/// Layout: observations land in ONE contiguous <see cref="Batch{T}"/> chosen from the single observation space
/// (<c>Box&lt;float&gt;</c> → <c>float[N * obsSize]</c> of shape <c>[N, ..]</c>, <c>Discrete</c> → <c>int[N]</c>, other
/// types → <c>TObs[N]</c>); rewards are <c>double[N]</c>, flags <c>bool[N]</c>, infos one dictionary per sub-env.
/// All of them are buffers reused by every call, so a batched step costs one call and allocates nothing in steady state;
/// what <see cref="Step(ReadOnlySpan{TAct})"/>/<see cref="Reset(long?, IReadOnlyDictionary{string, object}?)"/> return is
/// valid until the next call.
/// </para>
/// <para>
/// Seeding: <c>Reset(seed)</c> resets sub-env <c>i</c> with <c>seed + i</c>, as Gymnasium does. Episodes that end are
/// handled by <see cref="AutoresetMode"/>. Subclasses only decide which thread runs which sub-env
/// (<see cref="SyncVectorEnv{TObs,TAct}"/>, <see cref="ThreadedVectorEnv{TObs,TAct}"/>): each sub-env only touches its own
/// row of every buffer, so results never depend on scheduling. A vector env is not itself thread-safe.
/// </para>
/// </summary>
public abstract class VectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
{
    private readonly Env<TObs, TAct>[] _envs;
    private readonly TAct[] _actions;
    private readonly bool[] _needsReset;   // the episode ended last step (Gymnasium's _autoreset_envs)
    private readonly bool[] _started;      // reset at least once
    private readonly long?[] _seeds;
    private readonly bool[] _resetSelected;
    private readonly Dictionary<string, object>?[] _finalInfoCopies;
    private IReadOnlyDictionary<string, object>? _resetOptions;
    private bool _stepPending;
    private bool _disposed;

    /// <summary>Batches <paramref name="envs"/> (at least one; all with equal spaces). The vector env owns and disposes them.</summary>
    protected VectorEnv(IEnumerable<Env<TObs, TAct>> envs, AutoresetMode autoresetMode)
    {
        ArgumentNullException.ThrowIfNull(envs);
        _envs = envs.ToArray();
        if (_envs.Length == 0)
            throw new ArgumentException("A vector env needs at least one sub-env (numEnvs >= 1).", nameof(envs));
        for (int i = 0; i < _envs.Length; i++)
            if (_envs[i] is null) throw new ArgumentException($"Sub-env {i} is null.", nameof(envs));
        if (!Enum.IsDefined(autoresetMode))
            throw new ArgumentOutOfRangeException(nameof(autoresetMode), autoresetMode, "Use AutoresetMode.NextStep, SameStep or Disabled.");

        AutoresetMode = autoresetMode;
        SingleObservationSpace = _envs[0].ObservationSpace;
        SingleActionSpace = _envs[0].ActionSpace;
        CheckSpaces();

        int n = _envs.Length;
        ObservationSpace = new BatchedSpace<TObs>(SingleObservationSpace, n);
        ActionSpace = new BatchedSpace<TAct>(SingleActionSpace, n);
        Observations = Batch<TObs>.Create(SingleObservationSpace, n);
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Infos = new IReadOnlyDictionary<string, object>[n];
        Array.Fill(Infos, DotGym.Infos.Empty);
        if (autoresetMode == AutoresetMode.SameStep)
        {
            FinalObservations = Batch<TObs>.Create(SingleObservationSpace, n);
            FinalInfos = new IReadOnlyDictionary<string, object>[n];
            Array.Fill(FinalInfos, DotGym.Infos.Empty);
            HasFinal = new bool[n];
        }
        _finalInfoCopies = new Dictionary<string, object>?[autoresetMode == AutoresetMode.SameStep ? n : 0];
        _actions = new TAct[n];
        _needsReset = new bool[n];
        _started = new bool[n];
        _seeds = new long?[n];
        _resetSelected = new bool[n];
    }

    public int NumEnvs => _envs.Length;
    public AutoresetMode AutoresetMode { get; }
    public Space<TObs> SingleObservationSpace { get; }
    public Space<TAct> SingleActionSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> observations.</summary>
    public BatchedSpace<TObs> ObservationSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> actions: <c>ActionSpace.Sample()</c> is a valid argument to <c>Step</c>.</summary>
    public BatchedSpace<TAct> ActionSpace { get; }
    public EnvMetadata Metadata => _envs[0].Metadata;
    public string? RenderMode => _envs[0].RenderMode;
    public EnvSpec? Spec { get; init; }
    /// <summary>The sub-envs, in batch order. Step them through the vector env only.</summary>
    public IReadOnlyList<Env<TObs, TAct>> Envs => _envs;

    /// <summary>The observation buffer (also returned by <c>Step</c>/<c>Reset</c>).</summary>
    public Batch<TObs> Observations { get; }
    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    public IReadOnlyDictionary<string, object>[] Infos { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: final observations of episodes that ended in the last step.</summary>
    public Batch<TObs>? FinalObservations { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: final infos of episodes that ended in the last step.</summary>
    public IReadOnlyDictionary<string, object>[]? FinalInfos { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only: which rows of the final buffers are set.</summary>
    public bool[]? HasFinal { get; }

    Space IVectorEnv.SingleObservationSpace => SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.ObservationSpace => ObservationSpace;
    Space IVectorEnv.ActionSpace => ActionSpace;
    IReadOnlyList<IEnv> IVectorEnv.SubEnvs => _envs;

    /// <summary>
    /// Resets every sub-env: sub-env <c>i</c> gets <c>seed + i</c> (or no seed when <paramref name="seed"/> is null,
    /// so each continues its own generator) and the same <paramref name="options"/>. As in Gymnasium, an options entry
    /// <c>"reset_mask"</c> (a <c>bool[NumEnvs]</c>) resets only the selected envs, like <see cref="ResetWhere"/>.
    /// </summary>
    public VectorResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ThrowIfDisposed();
        if (options is not null && options.TryGetValue(ResetMaskKey, out var rawMask))
            return ResetWhere(ReadMask(rawMask), seed, WithoutMask(options));
        for (int i = 0; i < NumEnvs; i++) _seeds[i] = seed + i;
        return ResetSelected(options, all: true);
    }

    /// <summary>
    /// Resets every sub-env, sub-env <c>i</c> with <paramref name="seeds"/>[i] (null: no reseeding), like Gymnasium's
    /// <c>reset(seed=[...])</c>. (A separate name keeps <c>Reset(null)</c> unambiguous.)
    /// </summary>
    public VectorResetResult<TObs> ResetWithSeeds(ReadOnlySpan<long?> seeds, IReadOnlyDictionary<string, object>? options = null)
    {
        ThrowIfDisposed();
        if (seeds.Length != NumEnvs)
            throw new ArgumentException($"Got {seeds.Length} seeds for {NumEnvs} sub-envs; pass one seed (or null) per sub-env, or a single seed.", nameof(seeds));
        seeds.CopyTo(_seeds);
        return ResetSelected(options, all: true);
    }

    /// <summary>
    /// Resets only the sub-envs where <paramref name="mask"/> is true (Gymnasium's <c>options["reset_mask"]</c>), e.g.
    /// the finished ones with <see cref="AutoresetMode.Disabled"/>; sub-env <c>i</c> gets <c>seed + i</c>. The other
    /// envs keep their observation, flags and state, and get an empty info. At least one env must be selected.
    /// </summary>
    public VectorResetResult<TObs> ResetWhere(ReadOnlySpan<bool> mask, long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ThrowIfDisposed();
        if (mask.Length != NumEnvs)
            throw new ArgumentException($"The reset mask has {mask.Length} entries for {NumEnvs} sub-envs; pass one bool per sub-env.", nameof(mask));
        if (!mask.Contains(true))
            throw new ArgumentException("The reset mask selects no sub-env (Gymnasium requires at least one); check mask.Contains(true) before resetting.", nameof(mask));
        mask.CopyTo(_resetSelected);
        for (int i = 0; i < NumEnvs; i++)
        {
            _seeds[i] = seed + i;
            if (!mask[i]) Infos[i] = DotGym.Infos.Empty;
        }
        return ResetSelected(options, all: false);
    }

    private VectorResetResult<TObs> ResetSelected(IReadOnlyDictionary<string, object>? options, bool all)
    {
        if (all) Array.Fill(_resetSelected, true);
        _resetOptions = options;
        try
        {
            RunAll(VectorWork.Reset);
        }
        finally
        {
            _resetOptions = null;
        }
        return new VectorResetResult<TObs>(Observations, Infos);
    }

    /// <summary>
    /// Steps every sub-env with its action (<paramref name="actions"/>[i] goes to sub-env <c>i</c>) and applies the
    /// <see cref="AutoresetMode"/>. Every action is checked against the single action space first, so a bad action
    /// fails before any sub-env moves.
    /// </summary>
    public VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions)
    {
        TakeActions(actions);
        return StepAll();
    }

    // Checks every action before any sub-env moves, then keeps them for the workers.
    private void TakeActions(ReadOnlySpan<TAct> actions)
    {
        ThrowIfDisposed();
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"Got {actions.Length} actions for {NumEnvs} sub-envs; pass exactly one action per sub-env.", nameof(actions));
        for (int i = 0; i < NumEnvs; i++)
        {
            CheckCanStep(i, actions[i]);
            _actions[i] = actions[i];
        }
    }

    /// <summary>Steps with actions stored in a batch (e.g. <c>Batch&lt;float[]&gt;.Create(SingleActionSpace, NumEnvs)</c> filled through its span).</summary>
    public VectorStepResult<TObs> Step(Batch<TAct> actions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count != NumEnvs)
            throw new ArgumentException($"Got a batch of {actions.Count} actions for {NumEnvs} sub-envs; pass exactly one action per sub-env.", nameof(actions));
        for (int i = 0; i < NumEnvs; i++)
        {
            var action = actions.View(i);
            CheckCanStep(i, action);
            _actions[i] = action;
        }
        return StepAll();
    }

    private VectorStepResult<TObs> StepAll()
    {
        RunAll(VectorWork.Step);
        return StepResult();
    }

    private VectorStepResult<TObs> StepResult() =>
        new(Observations, Rewards, Terminated, Truncated, Infos, FinalObservations, FinalInfos, HasFinal);

    /// <inheritdoc/>
    public void StepAsync(ReadOnlySpan<TAct> actions)
    {
        TakeActions(actions);
        BeginRunAll(VectorWork.Step);
        _stepPending = true;
    }

    /// <inheritdoc/>
    public VectorStepResult<TObs> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stepPending) throw new InvalidOperationException("StepWait() needs a step started by StepAsync(actions) first.");
        _stepPending = false;
        FinishRunAll();
        return StepResult();
    }

    private void CheckCanStep(int i, TAct action)
    {
        if (!_started[i])
            throw new ResetNeededException($"Sub-env {i} has never been reset. Call Reset(seed) on the vector env before Step().");
        if (AutoresetMode == AutoresetMode.Disabled && _needsReset[i])
            throw new ResetNeededException(
                $"Sub-env {i} finished its episode in the previous step and autoreset is Disabled. Call ResetWhere(mask) with the finished envs (terminated | truncated) before stepping them again.");
        if (!SingleActionSpace.Contains(action))
            SingleActionSpace.EnsureContains(action, $"action for sub-env {i}");
    }

    /// <summary>Renders every sub-env (null entries when no render mode was chosen).</summary>
    public RenderFrame?[] Render()
    {
        ThrowIfDisposed();
        var frames = new RenderFrame?[NumEnvs];
        for (int i = 0; i < NumEnvs; i++) frames[i] = _envs[i].Render();
        return frames;
    }

    /// <summary>Which work <see cref="RunAll"/> must run on every sub-env.</summary>
    protected enum VectorWork
    {
        Step,
        Reset,
    }

    /// <summary>Runs <paramref name="work"/> on every sub-env, by calling <see cref="RunRange"/> over ranges that cover them all exactly once.</summary>
    protected abstract void RunAll(VectorWork work);

    private VectorWork _deferredWork;

    /// <summary>
    /// Starts <paramref name="work"/> for <see cref="StepAsync"/>; <see cref="FinishRunAll"/> completes it. By default
    /// nothing runs until <see cref="FinishRunAll"/> (the calling thread does all the work there); vector envs with
    /// workers override both to start the workers here.
    /// </summary>
    protected virtual void BeginRunAll(VectorWork work) => _deferredWork = work;

    /// <summary>Completes the work started by <see cref="BeginRunAll"/>.</summary>
    protected virtual void FinishRunAll() => RunAll(_deferredWork);

    /// <summary>Runs <paramref name="work"/> on sub-envs <c>[start, end)</c>; touches only their rows, so disjoint ranges may run concurrently.</summary>
    protected void RunRange(VectorWork work, int start, int end)
    {
        if (work == VectorWork.Step)
            for (int i = start; i < end; i++) StepOne(i);
        else
            for (int i = start; i < end; i++)
                if (_resetSelected[i]) ResetOne(i);
    }

    private void ResetOne(int i)
    {
        var (observation, info) = _envs[i].Reset(_seeds[i], _resetOptions);
        StoreObservation(Observations, i, observation);
        Infos[i] = info;
        Terminated[i] = false;
        Truncated[i] = false;
        _needsReset[i] = false;
        _started[i] = true;
        if (HasFinal is not null) HasFinal[i] = false;
    }

    private void StepOne(int i)
    {
        var env = _envs[i];
        TObs observation;
        IReadOnlyDictionary<string, object> info;
        if (AutoresetMode == AutoresetMode.NextStep && _needsReset[i])
        {
            (observation, info) = env.Reset();
            Rewards[i] = 0;
            Terminated[i] = false;
            Truncated[i] = false;
        }
        else
        {
            var result = env.Step(_actions[i]);
            (observation, Rewards[i], Terminated[i], Truncated[i]) = result;
            info = result.Info;
            if (AutoresetMode == AutoresetMode.SameStep)
            {
                bool ended = result.Done;
                HasFinal![i] = ended;
                if (ended)
                {
                    // Copy before Reset: the env may reuse its observation and info buffers.
                    StoreObservation(FinalObservations!, i, observation);
                    FinalInfos![i] = CopyFinalInfo(i, info);
                    (observation, info) = env.Reset();
                }
                else
                {
                    FinalInfos![i] = DotGym.Infos.Empty;
                }
            }
        }
        StoreObservation(Observations, i, observation);
        Infos[i] = info;
        _needsReset[i] = Terminated[i] || Truncated[i];
    }

    private IReadOnlyDictionary<string, object> CopyFinalInfo(int i, IReadOnlyDictionary<string, object> info)
    {
        if (info.Count == 0) return DotGym.Infos.Empty;
        var copy = _finalInfoCopies[i] ??= new Dictionary<string, object>(info.Count);
        copy.Clear();
        // A Dictionary (what the built-in envs report) is walked with its struct enumerator: the interface's would be boxed each episode end.
        if (info is Dictionary<string, object> dictionary)
            foreach (var (key, value) in dictionary) copy[key] = value;
        else
            foreach (var (key, value) in info) copy[key] = value;
        return copy;
    }

    private void StoreObservation(Batch<TObs> batch, int i, TObs observation)
    {
        try
        {
            batch.Set(i, observation);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"Sub-env {i} ({_envs[i]}) returned an observation that does not fit {SingleObservationSpace}: {e.Message}", e);
        }
    }

    private void CheckSpaces()
    {
        for (int i = 1; i < _envs.Length; i++)
        {
            if (!SameSpace(_envs[i].ObservationSpace, SingleObservationSpace))
                throw new ArgumentException(
                    $"Sub-env {i} has observation space {_envs[i].ObservationSpace}, but sub-env 0 has {SingleObservationSpace}. To batch observations every sub-env needs an equal space.");
            if (!SameSpace(_envs[i].ActionSpace, SingleActionSpace))
                throw new ArgumentException(
                    $"Sub-env {i} has action space {_envs[i].ActionSpace}, but sub-env 0 has {SingleActionSpace}. To batch actions every sub-env needs an equal space.");
        }
    }

    private static bool SameSpace(Space a, Space b) => a.Equals(b);

    internal const string ResetMaskKey = "reset_mask";

    private static bool[] ReadMask(object rawMask) => rawMask as bool[] ?? throw new ArgumentException(
        $"options[\"{ResetMaskKey}\"] must be a bool[] with one entry per sub-env, got {TypeNames.OfValue(rawMask)}.", "options");

    private static Dictionary<string, object> WithoutMask(IReadOnlyDictionary<string, object> options)
    {
        var rest = new Dictionary<string, object>(options.Count);
        foreach (var (key, value) in options)
            if (key != ResetMaskKey) rest[key] = value;
        return rest;
    }

    public TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit<TObs, TAct>(this);

    /// <summary>Whether every sub-env supports <see cref="IEnv.SaveState"/> (then the vector env does too).</summary>
    public bool SupportsStateSnapshot => _envs.All(e => e.SupportsStateSnapshot);

    /// <summary>
    /// Writes the autoreset bookkeeping and every sub-env's snapshot (each framed, see <see cref="Snapshots.StateSnapshot"/>).
    /// The observation buffer is not saved: the next step or reset rewrites every row.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(writer);
        Snapshots.StateSnapshot.WriteHeader(writer, "VectorEnv", 1);
        writer.Write(NumEnvs);
        writer.Write((int)AutoresetMode);
        for (int i = 0; i < NumEnvs; i++)
        {
            writer.Write(_needsReset[i]);
            writer.Write(_started[i]);
            Snapshots.StateSnapshot.WriteFramed(writer, _envs[i].SaveState);
        }
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote; fails clearly when the vector env is built differently.</summary>
    public void LoadState(BinaryReader reader)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(reader);
        Snapshots.StateSnapshot.ReadHeader(reader, "VectorEnv", 1);
        int count = reader.ReadInt32();
        var mode = (AutoresetMode)reader.ReadInt32();
        if (count != NumEnvs || mode != AutoresetMode)
            throw new InvalidDataException($"The snapshot is of {count} sub-envs with autoreset {mode}, but this vector env has {NumEnvs} with {AutoresetMode}; build it the same way before loading.");
        for (int i = 0; i < NumEnvs; i++)
        {
            _needsReset[i] = reader.ReadBoolean();
            _started[i] = reader.ReadBoolean();
            Snapshots.StateSnapshot.ReadFramed(reader, _envs[i].LoadState);
        }
    }

    protected void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stepPending)
            throw new InvalidOperationException("A step started by StepAsync is still running; call StepWait() to receive it before any other call.");
    }

    /// <summary>Disposes every sub-env.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var env in _envs) env.Dispose();
    }

    public override string ToString() =>
        $"{GetType().Name.Split('`')[0]}({(Spec is null ? "" : Spec.Id + ", ")}num_envs={NumEnvs}, autoreset={AutoresetMode})";
}
