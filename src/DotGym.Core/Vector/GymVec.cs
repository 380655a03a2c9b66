using DotGym.Vector;

namespace DotGym.Registration;

public static partial class Gym
{
    /// <summary>
    /// Creates a vector env of <paramref name="numEnvs"/> copies of the registered env <paramref name="id"/>
    /// (Gymnasium's <c>gymnasium.make_vec</c>). For Sync and Threaded each copy is made by <see cref="Make"/> with the
    /// same arguments, so it carries the standard wrappers (time limit included). <paramref name="mode"/> picks
    /// <see cref="SyncVectorEnv{TObs,TAct}"/>, <see cref="ThreadedVectorEnv{TObs,TAct}"/> (with
    /// <paramref name="workerCount"/> threads, default the processor count) or the env's registered native batch
    /// (<see cref="VectorizationMode.Native"/>, e.g. the SIMD CartPole; it applies the time limit itself). Cast the
    /// result to <c>IVectorEnv&lt;TObs, TAct&gt;</c> or use <see cref="MakeVec{TObs,TAct}"/> to step it.
    /// <para>
    /// <paramref name="wrappers"/> (Gymnasium's <c>wrappers=</c>) are applied in order to every sub-env after
    /// <see cref="Make"/>, e.g. <c>wrappers: [e =&gt; ((Env&lt;double[], int&gt;)e).NormalizeObservation()]</c>; a wrapper
    /// may change the observation type (the typed <see cref="MakeVec{TObs,TAct}"/> takes typed ones). A native batch
    /// has no separate sub-envs, so it takes no wrappers: wrap the vector env instead (e.g. <c>.NormalizeObservation()</c>).
    /// </para>
    /// </summary>
    public static IVectorEnv MakeVec(string id, int numEnvs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, IReadOnlyDictionary<string, object>? kwargs = null,
        string? renderMode = null, int? maxEpisodeSteps = null, int? workerCount = null, IReadOnlyList<Func<IEnv, IEnv>>? wrappers = null)
    {
        if (numEnvs <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "numEnvs must be at least 1 (the number of sub-envs to run).");
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use VectorizationMode.Sync, Threaded or Native.");
        if (!Enum.IsDefined(autoresetMode))
            throw new ArgumentOutOfRangeException(nameof(autoresetMode), autoresetMode, "Use AutoresetMode.NextStep, SameStep or Disabled.");
        if (workerCount is <= 0)
            throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "workerCount must be at least 1 (or null for the processor count).");
        if (wrappers is not null)
            for (int w = 0; w < wrappers.Count; w++)
                if (wrappers[w] is null) throw new ArgumentException($"wrappers[{w}] is null; pass a function that wraps one sub-env, e.g. e => new RecordEpisodeStatistics<float[], int>((Env<float[], int>)e).", nameof(wrappers));
        var spec = Spec(id); // unknown ids fail here, before anything is built
        if (mode == VectorizationMode.Native)
        {
            if (wrappers is { Count: > 0 })
                throw new NotSupportedException(
                    $"A native vector env ('{spec.Id}' with VectorizationMode.Native) has no separate sub-envs to wrap, so it takes no wrappers (as Gymnasium's vector_entry_point). " +
                    "Wrap the vector env instead (e.g. .NormalizeObservation(), .NormalizeReward(), .RecordEpisodeStatistics()), or use VectorizationMode.Sync or Threaded.");
            return MakeNative(spec, numEnvs, autoresetMode, kwargs, renderMode, maxEpisodeSteps, workerCount);
        }

        var envs = new List<IEnv>(numEnvs);
        try
        {
            for (int i = 0; i < numEnvs; i++) envs.Add(Wrap(Make(id, kwargs, renderMode, maxEpisodeSteps), wrappers, i));
            return envs[0].Accept(new VectorBuilder(id, envs, mode, autoresetMode, workerCount));
        }
        catch
        {
            foreach (var env in envs) env.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A vector env of <paramref name="numEnvs"/> envs from <paramref name="factory"/> (Gymnasium's
    /// <c>SyncVectorEnv([make_env] * n)</c>), synchronous or threaded. The vector env owns the envs.
    /// </summary>
    public static IVectorEnv MakeVec(Func<IEnv> factory, int numEnvs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, int? workerCount = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (numEnvs <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "numEnvs must be at least 1 (the number of sub-envs to run).");
        var envs = new List<IEnv>(numEnvs);
        try
        {
            for (int i = 0; i < numEnvs; i++)
                envs.Add(factory() ?? throw new InvalidOperationException($"The env factory returned null for sub-env {i}."));
        }
        catch
        {
            foreach (var env in envs) env.Dispose();
            throw;
        }
        return MakeVec(envs, mode, autoresetMode, workerCount);
    }

    /// <summary>
    /// Batches existing envs (all with equal spaces) as one vector env, synchronous or threaded; the vector env owns
    /// and disposes them (also when this call fails).
    /// </summary>
    public static IVectorEnv MakeVec(IReadOnlyList<IEnv> envs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, int? workerCount = null)
    {
        ArgumentNullException.ThrowIfNull(envs);
        try
        {
            if (envs.Count == 0) throw new ArgumentException("A vector env needs at least one sub-env.", nameof(envs));
            if (mode is not (VectorizationMode.Sync or VectorizationMode.Threaded))
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Batching existing envs runs them Sync or Threaded; a Native batch is made from an env id: Gym.MakeVec(id, n, VectorizationMode.Native).");
            if (workerCount is <= 0)
                throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "workerCount must be at least 1 (or null for the processor count).");
            return envs[0].Accept(new VectorBuilder(envs[0].Spec?.Id ?? "the factory", envs, mode, autoresetMode, workerCount));
        }
        catch
        {
            foreach (var env in envs) env?.Dispose();
            throw;
        }
    }

    /// <summary>Applies <paramref name="wrappers"/> to sub-env <paramref name="index"/>; on failure the env is disposed.</summary>
    private static IEnv Wrap(IEnv env, IReadOnlyList<Func<IEnv, IEnv>>? wrappers, int index)
    {
        if (wrappers is null) return env;
        try
        {
            for (int w = 0; w < wrappers.Count; w++)
                env = wrappers[w](env) ?? throw new InvalidOperationException($"wrappers[{w}] returned null for sub-env {index}; return the wrapped env.");
            return env;
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    private static IVectorEnv MakeNative(EnvSpec spec, int numEnvs, AutoresetMode autoresetMode, IReadOnlyDictionary<string, object>? kwargs,
        string? renderMode, int? maxEpisodeSteps, int? workerCount)
    {
        if (spec.VectorEntryPoint is not { } entryPoint)
        {
            var native = Registry.Where(s => s.VectorEntryPoint is not null).Select(s => s.Id).ToList();
            throw new NotSupportedException(
                $"'{spec.Id}' has no native vector implementation; use VectorizationMode.Sync or Threaded (--vectorization sync|threaded)."
                + (native.Count > 0 ? $" Envs with one: {string.Join(", ", native)}." : ""));
        }
        var merged = new Dictionary<string, object>(spec.Kwargs);
        if (kwargs is not null) foreach (var (k, v) in kwargs) merged[k] = v;
        var request = new VectorEnvRequest(spec with { Kwargs = merged }, numEnvs, merged, autoresetMode, maxEpisodeSteps ?? spec.MaxEpisodeSteps, workerCount, renderMode);
        return entryPoint(request) ?? throw new InvalidOperationException($"The vector entry point of '{spec.Id}' returned null.");
    }

    /// <summary>
    /// Typed <c>MakeVec</c>: fails clearly when the env's observation or action type differs. <paramref name="wrappers"/>
    /// are applied in order to every sub-env (Gymnasium's <c>wrappers=</c>), e.g.
    /// <c>Gym.MakeVec&lt;float[], int&gt;("CartPole-v1", 8, wrappers: [e =&gt; e.NormalizeReward(), e =&gt; e.RecordEpisodeStatistics()])</c>;
    /// they keep the observation and action types (use the untyped <c>MakeVec</c> for wrappers that change them).
    /// </summary>
    public static IVectorEnv<TObs, TAct> MakeVec<TObs, TAct>(string id, int numEnvs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, IReadOnlyDictionary<string, object>? kwargs = null,
        string? renderMode = null, int? maxEpisodeSteps = null, int? workerCount = null,
        IReadOnlyList<Func<Env<TObs, TAct>, Env<TObs, TAct>>>? wrappers = null)
    {
        var untyped = wrappers?.Select((wrap, w) => wrap is null
            ? throw new ArgumentException($"wrappers[{w}] is null; pass a function that wraps one sub-env, e.g. e => e.RecordEpisodeStatistics().", nameof(wrappers))
            : new Func<IEnv, IEnv>(env => wrap(env as Env<TObs, TAct> ?? throw new InvalidCastException(
                $"'{id}' observes {TypeNames.Of(env.ObservationSpace.ElementType)} and acts with {TypeNames.Of(env.ActionSpace.ElementType)}, so the typed wrappers of Gym.MakeVec<{TypeNames.Of<TObs>()}, {TypeNames.Of<TAct>()}> cannot wrap it. " +
                $"Use Gym.MakeVec<{TypeNames.Of(env.ObservationSpace.ElementType)}, {TypeNames.Of(env.ActionSpace.ElementType)}>(\"{id}\", ...)")))).ToArray();
        var vec = MakeVec(id, numEnvs, mode, autoresetMode, kwargs, renderMode, maxEpisodeSteps, workerCount, untyped);
        if (vec is IVectorEnv<TObs, TAct> typed) return typed;
        var (obs, act) = (vec.SingleObservationSpace.ElementType, vec.SingleActionSpace.ElementType);
        vec.Dispose();
        throw new InvalidCastException(
            $"'{id}' observes {TypeNames.Of(obs)} and acts with {TypeNames.Of(act)}, not {TypeNames.Of<TObs>()} and {TypeNames.Of<TAct>()}. Use Gym.MakeVec<{TypeNames.Of(obs)}, {TypeNames.Of(act)}>(\"{id}\", ...) or the untyped Gym.MakeVec.");
    }

    private sealed class VectorBuilder(string id, IReadOnlyList<IEnv> envs, VectorizationMode mode, AutoresetMode autoresetMode, int? workerCount)
        : IEnvVisitor<IVectorEnv>
    {
        public IVectorEnv Visit<TObs, TAct>(Env<TObs, TAct> first)
        {
            var typed = new Env<TObs, TAct>[envs.Count];
            for (int i = 0; i < envs.Count; i++)
                typed[i] = envs[i] as Env<TObs, TAct> ?? throw new InvalidOperationException(
                    $"The factory of '{id}' made sub-env {i} of type {TypeNames.Of(envs[i].GetType())}, but sub-env 0 is an Env<{TypeNames.Of<TObs>()}, {TypeNames.Of<TAct>()}>; every copy must have the same types.");
            return mode == VectorizationMode.Threaded
                ? new ThreadedVectorEnv<TObs, TAct>(typed, autoresetMode, workerCount) { Spec = first.Spec }
                : new SyncVectorEnv<TObs, TAct>(typed, autoresetMode) { Spec = first.Spec };
        }
    }
}
