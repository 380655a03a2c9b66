using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DotGym.Random;
using DotGym.Snapshots;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Registration;
using DotGym.Wrappers;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// N CartPoles stepped together for throughput: structure-of-arrays float64 state, four envs per
/// <see cref="Vector256{T}"/> (eight per <see cref="Vector512{T}"/> where AVX-512 exists), optionally
/// split over threads. Equivalent to N <c>CartPole-v1</c> envs (each wrapped in a
/// <see cref="TimeLimit{TObs,TAct}"/>) in a Gymnasium vector env with autoreset.
/// <para>
/// Reset draws (<see cref="CartPoleBatchSeeding"/>): by default one generator for the batch in Gymnasium's
/// <c>CartPoleVectorEnv</c> order, so <c>Gym.MakeVec("CartPole-v1", n, VectorizationMode.Native)</c> equals
/// <c>gym.make_vec("CartPole-v1", n)</c>; or one generator per env seeded with <c>seed + i</c>, equal to a
/// <c>SyncVectorEnv</c> of N <see cref="CartPoleEnv"/>s.
/// </para>
/// <para>
/// <see cref="CartPoleBatchMode.Exact"/>: the physics, observations, rewards and flags are bit-identical to
/// <see cref="CartPoleEnv"/>'s (and to Gymnasium's, which the parity tests check).
/// <see cref="CartPoleBatchMode.Fast"/>: polynomial sine/cosine (<see cref="CartPoleTrig"/>; measured max error
/// 2.8e-17 for sine and 2.2e-16 for cosine, one unit in the last place) and multiplications by 1/total mass instead of
/// divisions, eight envs per <see cref="Vector512{T}"/> where AVX-512 exists (the same bits as the four-lane path).
/// Same reset draws, same flags logic. Measured against Exact under identical actions (64 envs × 3,000 steps, one
/// generator per env, tests/DotGym.Tests/ClassicControl/CartPoleBatchFastTests.cs): the float64 state differs by at
/// most 1.3e-15 within the first 20 steps of an episode, 7.4e-15 by step 50, 3.2e-13 by step 100 and 6.8e-10 by step
/// 200, and the float32 observations were identical for the first 100 steps. Random-action episodes (about 20 steps)
/// therefore match Exact's terminations exactly. The upright pole is unstable and amplifies any last-bit difference
/// about tenfold every 30 steps, so in episodes that last hundreds of steps Fast and Exact
/// part ways (as two correct libms would): Fast is an equally valid CartPole, not a replay of Exact.
/// </para>
/// <para>
/// Threads: envs are cut into <c>threads</c> fixed chunks of whole vectors; each env only touches its own lanes, so
/// the results do not depend on the thread count or timing. Threads pay off only for large N (thousands of envs).
/// </para>
/// <para>
/// Zero allocation per <see cref="Step"/>: every buffer is allocated once. The returned arrays are reused.
/// Not thread-safe: one caller at a time.
/// </para>
/// <para>
/// It is Core's batched-env contract <see cref="IVectorEnv{TObs,TAct}"/> (registered as CartPole's native vector
/// implementation: <c>Gym.MakeVec("CartPole-v1", n, VectorizationMode.Native)</c>), so the agents train on it directly.
/// </para>
/// </summary>
public sealed partial class CartPoleBatch : IVectorEnv<float[], int>
{
    private const int Lanes = 4; // doubles per Vector256

    private readonly double[] _x, _xDot, _theta, _thetaDot;
    private readonly int[] _elapsedSteps;
    private readonly bool[] _needsReset; // NextStep: the episode ended last step
    private readonly NpGenerator?[] _generators; // GeneratorPerEnv
    private NpGenerator? _generator;              // OneGenerator
    private readonly bool[] _resetting;           // envs whose reset draws are due at the end of this call
    private readonly int[] _resettingIndices;     // DrawResets' list of them, ascending
    private readonly int[] _actions;
    private readonly float[] _observations;
    private readonly ArrayBatch<float> _observationBatch;
    private readonly ArrayBatch<float>? _finalObservationBatch;
    private readonly IReadOnlyDictionary<string, object>[] _infos;
    private readonly bool[] _resetSelected;
    private bool _stepPending;
    private readonly double[] _rewards;
    private readonly bool[] _terminated, _truncated;
    private readonly float[]? _finalObservations;
    private readonly bool[]? _hasFinal;
    private readonly double _stepReward, _terminalReward;
    private readonly ChunkWorkers? _runner;
    private bool _started;
    private bool _disposed;

    /// <param name="numEnvs">Number of CartPoles (≥ 1).</param>
    /// <param name="mode">Exact (bit-identical to <see cref="CartPoleEnv"/>) or Fast (polynomial trigonometry).</param>
    /// <param name="maxEpisodeSteps">Episodes are truncated after this many steps (500 as CartPole-v1, 200 as v0).</param>
    /// <param name="threads">Threads stepping the envs (the caller's included); 1 steps on the caller only.</param>
    /// <param name="autoreset">When ended episodes restart: <see cref="AutoresetMode.NextStep"/> (Gymnasium's default) or <see cref="AutoresetMode.SameStep"/>.</param>
    /// <param name="suttonBartoReward">Reward 0 per step and −1 on termination (CartPoleEnv's <c>sutton_barto_reward</c>).</param>
    /// <param name="seeding">One generator in Gymnasium's <c>CartPoleVectorEnv</c> order (default) or one per env (its <c>SyncVectorEnv</c>).</param>
    public CartPoleBatch(int numEnvs, CartPoleBatchMode mode = CartPoleBatchMode.Exact, int maxEpisodeSteps = 500, int threads = 1,
        AutoresetMode autoreset = AutoresetMode.NextStep, bool suttonBartoReward = false, CartPoleBatchSeeding seeding = CartPoleBatchSeeding.OneGenerator)
    {
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "A CartPole batch needs numEnvs >= 1.");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use CartPoleBatchMode.Exact or CartPoleBatchMode.Fast.");
        if (maxEpisodeSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "maxEpisodeSteps must be >= 1 (CartPole-v1 uses 500).");
        if (!Enum.IsDefined(seeding))
            throw new ArgumentOutOfRangeException(nameof(seeding), seeding, "Use CartPoleBatchSeeding.OneGenerator (Gymnasium's CartPoleVectorEnv) or CartPoleBatchSeeding.GeneratorPerEnv (its SyncVectorEnv).");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be >= 1 (1 steps every env on the calling thread).");
        if (autoreset is not (AutoresetMode.NextStep or AutoresetMode.SameStep))
            throw new ArgumentOutOfRangeException(nameof(autoreset), autoreset,
                "CartPoleBatch always autoresets: use AutoresetMode.NextStep (Gymnasium's default) or AutoresetMode.SameStep; for Disabled use Gym.MakeVec(\"CartPole-v1\", ...).");

        NumEnvs = numEnvs;
        Mode = mode;
        MaxEpisodeSteps = maxEpisodeSteps;
        Autoreset = autoreset;
        SuttonBartoReward = suttonBartoReward;
        Seeding = seeding;
        _stepReward = suttonBartoReward ? 0.0 : 1.0;
        _terminalReward = suttonBartoReward ? -1.0 : 1.0;

        _x = new double[numEnvs];
        _xDot = new double[numEnvs];
        _theta = new double[numEnvs];
        _thetaDot = new double[numEnvs];
        _elapsedSteps = new int[numEnvs];
        _needsReset = new bool[numEnvs];
        _generators = new NpGenerator?[seeding == CartPoleBatchSeeding.GeneratorPerEnv ? numEnvs : 0];
        _resetting = new bool[numEnvs];
        _resettingIndices = new int[numEnvs];
        _actions = new int[numEnvs];
        _observationBatch = new ArrayBatch<float>(numEnvs, [4]);
        _observations = _observationBatch.Data;
        _infos = new IReadOnlyDictionary<string, object>[numEnvs];
        Array.Fill(_infos, Infos.Empty);
        _resetSelected = new bool[numEnvs];
        ObservationSpace = new BatchedSpace<float[]>(SingleObservationSpace, numEnvs);
        ActionSpace = new BatchedSpace<int>(SingleActionSpace, numEnvs);
        _rewards = new double[numEnvs];
        _terminated = new bool[numEnvs];
        _truncated = new bool[numEnvs];
        if (autoreset == AutoresetMode.SameStep)
        {
            _finalObservationBatch = new ArrayBatch<float>(numEnvs, [4]);
            _finalObservations = _finalObservationBatch.Data;
            _hasFinal = new bool[numEnvs];
        }
        if (threads > 1) _runner = new ChunkWorkers(numEnvs, threads, StepRange, alignment: WideLanes);
        Threads = _runner?.WorkerCount ?? 1;
    }

    public int NumEnvs { get; }
    public CartPoleBatchMode Mode { get; }
    public int MaxEpisodeSteps { get; }
    /// <summary>Threads actually used (at most one per eight envs: chunks are whole AVX-512 vectors).</summary>
    public int Threads { get; }
    public AutoresetMode Autoreset { get; }
    public bool SuttonBartoReward { get; }
    /// <summary>Where reset states are drawn from: one generator (Gymnasium's <c>CartPoleVectorEnv</c>) or one per env.</summary>
    public CartPoleBatchSeeding Seeding { get; }

    /// <summary>One env's observation space (CartPoleEnv's).</summary>
    public Box<float> SingleObservationSpace { get; } = CartPoleEnv.CreateObservationSpace();
    /// <summary>One env's action space: 0 pushes left, 1 pushes right.</summary>
    public Discrete SingleActionSpace { get; } = new(2);

    /// <summary>
    /// Starts an episode in every env. With a <paramref name="seed"/>, the batch's generator is reseeded with it
    /// (<see cref="CartPoleBatchSeeding.OneGenerator"/>, as Gymnasium's <c>CartPoleVectorEnv.reset(seed=seed)</c>) or env
    /// <c>i</c>'s with <c>seed + i</c> (<see cref="CartPoleBatchSeeding.GeneratorPerEnv"/>, as <c>SyncVectorEnv</c>);
    /// without, the generators continue (seeded from OS entropy the first time). Returns the observation buffer, valid
    /// until the next call.
    /// </summary>
    public float[] Reset(long? seed = null)
    {
        ThrowIfUnusable();
        Array.Fill(_resetSelected, true);
        ResetSelected(seed);
        _started = true;
        return _observations;
    }

    private void ResetSelected(long? seed)
    {
        if (Seeding == CartPoleBatchSeeding.OneGenerator)
            _generator = seed is { } s ? DotGym.Random.Seeding.NpRandom(s).Generator : _generator ?? DotGym.Random.Seeding.NpRandom(null).Generator;
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!_resetSelected[i]) continue;
            if (Seeding == CartPoleBatchSeeding.GeneratorPerEnv)
                _generators[i] = seed is { } s ? DotGym.Random.Seeding.NpRandom(s + i).Generator : _generators[i] ?? DotGym.Random.Seeding.NpRandom(null).Generator;
            _resetting[i] = true;
        }
        DrawResets();
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!_resetSelected[i]) continue;
            _rewards[i] = 0;
            _terminated[i] = false;
            _truncated[i] = false;
            if (_hasFinal is not null) _hasFinal[i] = false;
        }
    }

    /// <summary>
    /// Resets only the envs where <paramref name="mask"/> is true (with a seed, the batch's generator is reseeded with
    /// it, or env <c>i</c>'s with <c>seed + i</c>, as in <see cref="Reset"/>); the others keep their state. Call
    /// <see cref="Reset"/> once first.
    /// </summary>
    public float[] ResetWhere(ReadOnlySpan<bool> mask, long? seed = null)
    {
        ThrowIfUnusable();
        if (!_started) throw new ResetNeededException("CartPoleBatch: call Reset(seed) once before ResetWhere(mask).");
        if (mask.Length != NumEnvs)
            throw new ArgumentException($"The reset mask has {mask.Length} entries for {NumEnvs} envs; pass one bool per env.", nameof(mask));
        if (!mask.Contains(true))
            throw new ArgumentException("The reset mask selects no env; check mask.Contains(true) before resetting.", nameof(mask));
        mask.CopyTo(_resetSelected);
        ResetSelected(seed);
        return _observations;
    }

    /// <summary>
    /// Steps every env with its action (0: push left, 1: push right) and autoresets ended episodes per
    /// <see cref="Autoreset"/>. The arrays returned are the batch's buffers, valid until the next call.
    /// </summary>
    public CartPoleBatchStep Step(ReadOnlySpan<int> actions)
    {
        TakeActions(actions);
        if (_runner is null) StepRange(0, NumEnvs);
        else _runner.Run();
        DrawResets();
        return new CartPoleBatchStep(_observations, _rewards, _terminated, _truncated, _finalObservations, _hasFinal);
    }

    private void TakeActions(ReadOnlySpan<int> actions)
    {
        ThrowIfUnusable();
        if (!_started) throw new ResetNeededException("CartPoleBatch: call Reset(seed) before Step(); the envs have no state yet.");
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"CartPoleBatch has {NumEnvs} envs but got {actions.Length} actions; pass one action (0 or 1) per env.", nameof(actions));
        int bad = IndexOfInvalidAction(actions);
        if (bad >= 0)
            throw new ArgumentOutOfRangeException(nameof(actions), actions[bad], $"actions[{bad}] = {actions[bad]} is not a CartPole action; use 0 (push left) or 1 (push right).");
        actions.CopyTo(_actions);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stepPending)
            throw new InvalidOperationException("A step started by StepAsync is still running; call StepWait() to receive it before any other call.");
    }

    /// <summary>Starts a step (worker threads begin their chunks at once); <see cref="StepWait"/> finishes it.</summary>
    public void StepAsync(ReadOnlySpan<int> actions)
    {
        TakeActions(actions);
        _runner?.Start();
        _stepPending = true;
    }

    /// <summary>Finishes the step started by <see cref="StepAsync"/> (the caller runs the first chunk) and returns its results.</summary>
    public VectorStepResult<float[]> StepWait()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stepPending) throw new InvalidOperationException("StepWait() needs a step started by StepAsync(actions) first.");
        _stepPending = false;
        if (_runner is null) StepRange(0, NumEnvs);
        else _runner.Finish();
        DrawResets();
        return VectorStep();
    }

    private VectorStepResult<float[]> VectorStep() =>
        new(_observationBatch, _rewards, _terminated, _truncated, _infos, _finalObservationBatch, _hasFinal is null ? null : _infos, _hasFinal);

    // ---- Core's batched-env contract ----------------------------------------------------------------------------------

    /// <summary>The space of <see cref="NumEnvs"/> observations.</summary>
    public BatchedSpace<float[]> ObservationSpace { get; }
    /// <summary>The space of <see cref="NumEnvs"/> actions.</summary>
    public BatchedSpace<int> ActionSpace { get; }
    /// <summary>The spec it was made from by <c>Gym.MakeVec</c> (null when constructed directly).</summary>
    public EnvSpec? Spec { get; init; }

    Space<float[]> IVectorEnv<float[], int>.SingleObservationSpace => SingleObservationSpace;
    Space<int> IVectorEnv<float[], int>.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.SingleObservationSpace => SingleObservationSpace;
    Space IVectorEnv.SingleActionSpace => SingleActionSpace;
    Space IVectorEnv.ObservationSpace => ObservationSpace;
    Space IVectorEnv.ActionSpace => ActionSpace;
    AutoresetMode IVectorEnv.AutoresetMode => Autoreset;
    EnvMetadata IVectorEnv.Metadata => EnvMetadata.Default;
    string? IVectorEnv.RenderMode => null;
    IReadOnlyList<IEnv> IVectorEnv.SubEnvs => [];
    TResult IVectorEnv.Accept<TResult>(IVectorEnvVisitor<TResult> visitor) => visitor.Visit<float[], int>(this);

    VectorResetResult<float[]> IVectorEnv<float[], int>.Reset(long? seed, IReadOnlyDictionary<string, object>? options)
    {
        CheckNoOptions(options);
        Reset(seed);
        return new(_observationBatch, _infos);
    }

    VectorResetResult<float[]> IVectorEnv<float[], int>.ResetWhere(ReadOnlySpan<bool> mask, long? seed, IReadOnlyDictionary<string, object>? options)
    {
        CheckNoOptions(options);
        ResetWhere(mask, seed);
        return new(_observationBatch, _infos);
    }

    VectorStepResult<float[]> IVectorEnv<float[], int>.Step(ReadOnlySpan<int> actions)
    {
        Step(actions);
        return VectorStep();
    }

    private static void CheckNoOptions(IReadOnlyDictionary<string, object>? options)
    {
        if (options is { Count: > 0 })
            throw new ArgumentException($"CartPoleBatch takes no reset options (got {string.Join(", ", options.Keys)}); use ResetWhere(mask) to reset some envs.", nameof(options));
    }

    /// <summary>Always true: the whole state (physics, step counters, autoreset flags, generators) is saved.</summary>
    public bool SupportsStateSnapshot => true;

    /// <summary>Writes every env's float64 state, step counter, autoreset flag and the generators, for exact resume.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(writer);
        StateSnapshot.WriteHeader(writer, nameof(CartPoleBatch), SnapshotVersion);
        writer.Write(NumEnvs);
        writer.Write(MaxEpisodeSteps);
        writer.Write((int)Autoreset);
        writer.Write(SuttonBartoReward);
        writer.Write((int)Seeding);
        writer.Write(_started);
        StateSnapshot.WriteValues<double>(writer, _x);
        StateSnapshot.WriteValues<double>(writer, _xDot);
        StateSnapshot.WriteValues<double>(writer, _theta);
        StateSnapshot.WriteValues<double>(writer, _thetaDot);
        StateSnapshot.WriteValues<int>(writer, _elapsedSteps);
        StateSnapshot.WriteValues<bool>(writer, _needsReset);
        StateSnapshot.WriteValues<float>(writer, _observations);
        writer.Write(_generator is not null);
        _generator?.SaveState(writer);
        for (int i = 0; i < _generators.Length; i++)
        {
            writer.Write(_generators[i] is not null);
            _generators[i]?.SaveState(writer);
        }
    }

    // 2: one generator per batch or per env (CartPoleBatchSeeding).
    private const byte SnapshotVersion = 2;

    /// <summary>Restores what <see cref="SaveState"/> wrote into a batch built with the same settings.</summary>
    public void LoadState(BinaryReader reader)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(reader);
        const string owner = nameof(CartPoleBatch);
        StateSnapshot.ReadHeader(reader, owner, SnapshotVersion);
        StateSnapshot.EnsureSameSetting(reader.ReadInt32(), NumEnvs, owner, "numEnvs");
        StateSnapshot.EnsureSameSetting(reader.ReadInt32(), MaxEpisodeSteps, owner, "maxEpisodeSteps");
        StateSnapshot.EnsureSameSetting(reader.ReadInt32(), (int)Autoreset, owner, "autoreset");
        StateSnapshot.EnsureSameSetting(reader.ReadBoolean(), SuttonBartoReward, owner, "suttonBartoReward");
        StateSnapshot.EnsureSameSetting(reader.ReadInt32(), (int)Seeding, owner, "seeding");
        _started = reader.ReadBoolean();
        StateSnapshot.ReadValues<double>(reader, _x, owner);
        StateSnapshot.ReadValues<double>(reader, _xDot, owner);
        StateSnapshot.ReadValues<double>(reader, _theta, owner);
        StateSnapshot.ReadValues<double>(reader, _thetaDot, owner);
        StateSnapshot.ReadValues<int>(reader, _elapsedSteps, owner);
        StateSnapshot.ReadValues<bool>(reader, _needsReset, owner);
        StateSnapshot.ReadValues<float>(reader, _observations, owner);
        _generator = ReadGenerator(reader, _generator);
        for (int i = 0; i < _generators.Length; i++) _generators[i] = ReadGenerator(reader, _generators[i]);
    }

    private static NpGenerator? ReadGenerator(BinaryReader reader, NpGenerator? existing)
    {
        if (!reader.ReadBoolean()) return null;
        var generator = existing ?? DotGym.Random.Seeding.NpRandom(0).Generator;
        generator.LoadState(reader);
        return generator;
    }

    /// <summary>
    /// Builds CartPole's native vector env for <c>Gym.MakeVec</c>: Gymnasium's <c>CartPoleVectorEnv</c> (Exact mode,
    /// one generator in its draw order, so bit-identical to <c>gym.make_vec("CartPole-v1", n)</c>), the request's time limit, <c>WorkerCount</c> threads (default 1) and the
    /// <c>sutton_barto_reward</c> keyword.
    /// </summary>
    public static CartPoleBatch FromRequest(VectorEnvRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RenderMode is not null)
            throw new NotSupportedException($"The native CartPole batch does not render (asked for render_mode '{request.RenderMode}'); use VectorizationMode.Sync to render sub-envs.");
        foreach (var key in request.Kwargs.Keys)
            if (key is not ("sutton_barto_reward" or "render_mode"))
                throw new ArgumentException($"The native CartPole batch takes only the keyword sutton_barto_reward, not '{key}'; use VectorizationMode.Sync for other settings.");
        bool suttonBarto = request.Kwargs.TryGetValue("sutton_barto_reward", out var value) && Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);
        return new CartPoleBatch(request.NumEnvs, CartPoleBatchMode.Exact, request.MaxEpisodeSteps ?? int.MaxValue, request.WorkerCount ?? 1,
            request.AutoresetMode, suttonBarto) { Spec = request.Spec };
    }

    /// <summary>Env <paramref name="index"/>'s float64 state (x, x_dot, theta, theta_dot).</summary>
    public (double X, double XDot, double Theta, double ThetaDot) GetState(int index)
    {
        if ((uint)index >= (uint)NumEnvs) throw new ArgumentOutOfRangeException(nameof(index), index, $"Env index must be in [0, {NumEnvs}).");
        return (_x[index], _xDot[index], _theta[index], _thetaDot[index]);
    }

    /// <summary>Steps envs [start, end); start is a multiple of <see cref="WideLanes"/>.</summary>
    private void StepRange(int start, int end)
    {
        int i = start;
        if (WideKernel && Mode == CartPoleBatchMode.Exact)
            for (; i + WideLanes <= end; i += WideLanes) StepWideExact(i);
        else if (WideKernel)
            for (; i + WideLanes <= end; i += WideLanes) StepWideFast(i);
        for (; i < end; i += Lanes) StepBlock(i, Math.Min(Lanes, end - i));
    }

    private void StepBlock(int i, int count)
    {
        Vector256<double> x, xDot, theta, thetaDot, force;
        if (count == Lanes)
        {
            x = Vector256.LoadUnsafe(ref _x[i]);
            xDot = Vector256.LoadUnsafe(ref _xDot[i]);
            theta = Vector256.LoadUnsafe(ref _theta[i]);
            thetaDot = Vector256.LoadUnsafe(ref _thetaDot[i]);
            force = Vector256.Create(Force(_actions[i]), Force(_actions[i + 1]), Force(_actions[i + 2]), Force(_actions[i + 3]));
        }
        else
        {
            // The last, partial vector: missing lanes are zeros whose results are dropped.
            x = LoadPartial(_x, i, count);
            xDot = LoadPartial(_xDot, i, count);
            theta = LoadPartial(_theta, i, count);
            thetaDot = LoadPartial(_thetaDot, i, count);
            force = Vector256.Create(Force(_actions, i, count, 0), Force(_actions, i, count, 1), Force(_actions, i, count, 2), Force(_actions, i, count, 3));
        }

        Vector256<double> sin, cos;
        if (Mode == CartPoleBatchMode.Exact)
        {
            var (s0, c0) = LibmSinCos(theta.GetElement(0));
            var (s1, c1) = LibmSinCos(theta.GetElement(1));
            var (s2, c2) = LibmSinCos(theta.GetElement(2));
            var (s3, c3) = LibmSinCos(theta.GetElement(3));
            sin = Vector256.Create(s0, s1, s2, s3);
            cos = Vector256.Create(c0, c1, c2, c3);
            Integrate<DivideByTotalMass>(ref x, ref xDot, ref theta, ref thetaDot, force, sin, cos);
        }
        else
        {
            (sin, cos) = CartPoleTrig.SinCos(theta);
            Integrate<MultiplyByInverseTotalMass>(ref x, ref xDot, ref theta, ref thetaDot, force, sin, cos);
        }

        var thresholdX = Vector256.Create(CartPoleEnv.XThreshold);
        var thresholdTheta = Vector256.Create(CartPoleEnv.ThetaThresholdRadians);
        uint failed = (Vector256.LessThan(x, -thresholdX) | Vector256.GreaterThan(x, thresholdX)
            | Vector256.LessThan(theta, -thresholdTheta) | Vector256.GreaterThan(theta, thresholdTheta)).ExtractMostSignificantBits();

        if (count == Lanes)
        {
            x.StoreUnsafe(ref _x[i]);
            xDot.StoreUnsafe(ref _xDot[i]);
            theta.StoreUnsafe(ref _theta[i]);
            thetaDot.StoreUnsafe(ref _thetaDot[i]);
            WriteObservations(i, x, xDot, theta, thetaDot);
        }
        else
        {
            for (int lane = 0; lane < count; lane++)
            {
                _x[i + lane] = x.GetElement(lane);
                _xDot[i + lane] = xDot.GetElement(lane);
                _theta[i + lane] = theta.GetElement(lane);
                _thetaDot[i + lane] = thetaDot.GetElement(lane);
                WriteObservation(i + lane);
            }
        }

        if (count == Lanes && failed == 0 && TryFinishOrdinaryStep(i)) return;
        for (int lane = 0; lane < count; lane++) FinishStep(i + lane, (failed & (1u << lane)) != 0);
    }

    /// <summary>
    /// The common case, four envs at once: none was due a reset, none failed, none reached the time limit. Returns
    /// false, changing nothing, when any of the four needs <see cref="FinishStep"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFinishOrdinaryStep(int i)
    {
        if (Unsafe.ReadUnaligned<uint>(ref Unsafe.As<bool, byte>(ref _needsReset[i])) != 0) return false;
        var elapsed = Vector128.LoadUnsafe(ref _elapsedSteps[i]) + Vector128<int>.One;
        if (Vector128.GreaterThanOrEqualAny(elapsed, Vector128.Create(MaxEpisodeSteps))) return false;
        elapsed.StoreUnsafe(ref _elapsedSteps[i]);
        Vector256.Create(_stepReward).StoreUnsafe(ref _rewards[i]);
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _terminated[i]), 0u);
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _truncated[i]), 0u);
        if (_hasFinal is not null) Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _hasFinal[i]), 0u);
        return true;
    }

    /// <summary>
    /// Sine and cosine of one angle from libm's <c>sincos</c> (<see cref="Math.SinCos"/>): one call for both, about
    /// 60 % of the time of <c>Math.Sin</c> plus <c>Math.Cos</c>, and bit-identical to them (what
    /// <see cref="CartPoleEnv"/> calls), which tests/DotGym.Tests/ClassicControl/CartPoleBatchExactTests.cs checks on
    /// this platform's libm over CartPole's angle range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (double Sin, double Cos) LibmSinCos(double theta) => Math.SinCos(theta);

    /// <summary>
    /// CartPoleEnv.Step's physics, in its operation order, on four envs at once. <typeparamref name="TMass"/> says how
    /// it divides by the constant total mass: as CartPoleEnv does (Exact) or by multiplying by the reciprocal (Fast;
    /// a division costs several multiplications). The eight-lane form does the same operations, so a batch gives the
    /// same bits with or without AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Integrate<TMass>(ref Vector256<double> x, ref Vector256<double> xDot, ref Vector256<double> theta, ref Vector256<double> thetaDot,
        Vector256<double> force, Vector256<double> sin, Vector256<double> cos) where TMass : struct, ITotalMassScaling
    {
        const double poleMassLength = CartPoleEnv.PoleMassLength, tau = CartPoleEnv.Tau;
        var temp = TMass.Scale(force + poleMassLength * (thetaDot * thetaDot) * sin);
        var thetaAcc = (CartPoleEnv.Gravity * sin - cos * temp)
            / (CartPoleEnv.Length * (Vector256.Create(4.0 / 3.0) - TMass.Scale(CartPoleEnv.MassPole * (cos * cos))));
        var xAcc = temp - TMass.Scale(poleMassLength * thetaAcc * cos);
        x += tau * xDot;
        xDot += tau * xAcc;
        theta += tau * thetaDot;
        thetaDot += tau * thetaAcc;
    }

    /// <summary>Ends env <paramref name="i"/>'s step: reward, flags, time limit and autoreset.</summary>
    private void FinishStep(int i, bool terminated)
    {
        if (_needsReset[i])
        {
            // NextStep autoreset: this step restarts the episode that ended last step and ignores the action.
            _resetting[i] = true;
            _rewards[i] = 0;
            _terminated[i] = false;
            _truncated[i] = false;
            return;
        }
        bool truncated = ++_elapsedSteps[i] >= MaxEpisodeSteps;
        _rewards[i] = terminated ? _terminalReward : _stepReward;
        _terminated[i] = terminated;
        _truncated[i] = truncated;
        bool ended = terminated || truncated;
        if (_hasFinal is null)
        {
            _needsReset[i] = ended;
            return;
        }
        _hasFinal[i] = ended;
        if (ended)
        {
            _observations.AsSpan(i * 4, 4).CopyTo(_finalObservations.AsSpan(i * 4, 4));
            _resetting[i] = true;
        }
    }

    /// <summary>
    /// Restarts the envs marked in <c>_resetting</c>, after the physics step (whose result for them is discarded, as in
    /// Gymnasium), on the calling thread so that the draws keep their order whatever the thread count.
    /// </summary>
    private void DrawResets()
    {
        // One vectorised scan collects the envs to reset (a few per step among thousands); the draws then touch only them.
        var resetting = _resetting.AsSpan();
        int count = 0;
        for (int from = 0; ;)
        {
            int next = resetting[from..].IndexOf(true);
            if (next < 0) break;
            _resettingIndices[count++] = from + next;
            from += next + 1;
        }
        if (count == 0) return;
        var envs = _resettingIndices.AsSpan(0, count);
        const double bound = CartPoleEnv.ResetBound;
        if (Seeding == CartPoleBatchSeeding.OneGenerator)
        {
            // uniform(size=(4, k)) is row-major: every x, then every x_dot, theta and theta_dot.
            var rng = _generator!;
            foreach (var component in (ReadOnlySpan<double[]>)[_x, _xDot, _theta, _thetaDot])
                foreach (int i in envs) component[i] = rng.Uniform(-bound, bound);
        }
        else
        {
            foreach (int i in envs)
            {
                var rng = _generators[i]!; // CartPoleEnv.Reset's order
                _x[i] = rng.Uniform(-bound, bound);
                _xDot[i] = rng.Uniform(-bound, bound);
                _theta[i] = rng.Uniform(-bound, bound);
                _thetaDot[i] = rng.Uniform(-bound, bound);
            }
        }
        foreach (int i in envs)
        {
            resetting[i] = false;
            _elapsedSteps[i] = 0;
            _needsReset[i] = false;
            WriteObservation(i);
        }
    }

    /// <summary>The first action that is neither 0 nor 1, or −1: sixteen at a time (as unsigned, both are ≤ 1).</summary>
    private static int IndexOfInvalidAction(ReadOnlySpan<int> actions)
    {
        var unsigned = System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(actions);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<uint>.Count <= unsigned.Length; i += Vector512<uint>.Count)
                if (Vector512.GreaterThanAny(Vector512.Create(unsigned.Slice(i, Vector512<uint>.Count)), Vector512<uint>.One)) break;
        for (; i < unsigned.Length; i++)
            if (unsigned[i] > 1) return i;
        return -1;
    }

    private void WriteObservation(int i)
    {
        _observations[i * 4] = (float)_x[i];
        _observations[i * 4 + 1] = (float)_xDot[i];
        _observations[i * 4 + 2] = (float)_theta[i];
        _observations[i * 4 + 3] = (float)_thetaDot[i];
    }

    /// <summary>Rounds four envs' state to float32 and stores it env by env ([x, x_dot, theta, theta_dot] rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteObservations(int i, Vector256<double> x, Vector256<double> xDot, Vector256<double> theta, Vector256<double> thetaDot)
    {
        if (!Avx.IsSupported)
        {
            for (int lane = 0; lane < Lanes; lane++) WriteObservation(i + lane);
            return;
        }
        // cvtpd2ps rounds like the scalar (float) cast.
        WriteObservationRows(i, Avx.ConvertToVector128Single(x), Avx.ConvertToVector128Single(xDot),
            Avx.ConvertToVector128Single(theta), Avx.ConvertToVector128Single(thetaDot));
    }

    /// <summary>Stores four envs' float32 components as env rows ([x, x_dot, theta, theta_dot]): a 4x4 transpose.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteObservationRows(int i, Vector128<float> fx, Vector128<float> fxDot, Vector128<float> fTheta, Vector128<float> fThetaDot)
    {
        var lowPairs = Sse.UnpackLow(fx, fxDot);            // x0 xd0 x1 xd1
        var lowAngles = Sse.UnpackLow(fTheta, fThetaDot);   // t0 td0 t1 td1
        var highPairs = Sse.UnpackHigh(fx, fxDot);          // x2 xd2 x3 xd3
        var highAngles = Sse.UnpackHigh(fTheta, fThetaDot); // t2 td2 t3 td3
        ref float row = ref _observations[i * 4];
        Sse.MoveLowToHigh(lowPairs, lowAngles).StoreUnsafe(ref row);
        Sse.MoveHighToLow(lowAngles, lowPairs).StoreUnsafe(ref row, 4);
        Sse.MoveLowToHigh(highPairs, highAngles).StoreUnsafe(ref row, 8);
        Sse.MoveHighToLow(highAngles, highPairs).StoreUnsafe(ref row, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Force(int action) => action == 1 ? CartPoleEnv.ForceMag : -CartPoleEnv.ForceMag;

    private static double Force(int[] actions, int i, int count, int lane) => lane < count ? Force(actions[i + lane]) : 0.0;

    private static Vector256<double> LoadPartial(double[] values, int i, int count) => Vector256.Create(
        values[i], count > 1 ? values[i + 1] : 0.0, count > 2 ? values[i + 2] : 0.0, count > 3 ? values[i + 3] : 0.0);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _runner?.Dispose();
    }

    public override string ToString() => $"CartPoleBatch({(Spec is null ? "" : Spec.Id + ", ")}num_envs={NumEnvs}, {Mode}, autoreset={Autoreset})";
}
