using DotGym.Vector;

namespace DotGym.Registration;

public static partial class Gym
{
    /// <summary>
    /// Creates a vector env of <paramref name="numEnvs"/> copies of the registered env <paramref name="id"/>
    /// (Gymnasium's <c>gymnasium.make_vec</c>). Each copy is made by <see cref="Make"/> with the same arguments, so it
    /// carries the standard wrappers (time limit included). <paramref name="mode"/> picks
    /// <see cref="SyncVectorEnv{TObs,TAct}"/> or <see cref="ThreadedVectorEnv{TObs,TAct}"/> (with
    /// <paramref name="workerCount"/> threads, default the processor count). Cast the result to
    /// <c>VectorEnv&lt;TObs, TAct&gt;</c> or use <see cref="MakeVec{TObs,TAct}"/> to step it.
    /// </summary>
    public static IVectorEnv MakeVec(string id, int numEnvs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, IReadOnlyDictionary<string, object>? kwargs = null,
        string? renderMode = null, int? maxEpisodeSteps = null, int? workerCount = null)
    {
        if (numEnvs <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "numEnvs must be at least 1 (the number of sub-envs to run).");
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use VectorizationMode.Sync or VectorizationMode.Threaded.");
        if (!Enum.IsDefined(autoresetMode))
            throw new ArgumentOutOfRangeException(nameof(autoresetMode), autoresetMode, "Use AutoresetMode.NextStep, SameStep or Disabled.");
        if (workerCount is <= 0)
            throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "workerCount must be at least 1 (or null for the processor count).");
        Spec(id); // unknown ids fail here, before anything is built

        var envs = new List<IEnv>(numEnvs);
        try
        {
            for (int i = 0; i < numEnvs; i++) envs.Add(Make(id, kwargs, renderMode, maxEpisodeSteps));
            return envs[0].Accept(new VectorBuilder(id, envs, mode, autoresetMode, workerCount));
        }
        catch
        {
            foreach (var env in envs) env.Dispose();
            throw;
        }
    }

    /// <summary>Typed <see cref="MakeVec"/>: fails clearly when the env's observation or action type differs.</summary>
    public static VectorEnv<TObs, TAct> MakeVec<TObs, TAct>(string id, int numEnvs, VectorizationMode mode = VectorizationMode.Sync,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, IReadOnlyDictionary<string, object>? kwargs = null,
        string? renderMode = null, int? maxEpisodeSteps = null, int? workerCount = null)
    {
        var vec = MakeVec(id, numEnvs, mode, autoresetMode, kwargs, renderMode, maxEpisodeSteps, workerCount);
        if (vec is VectorEnv<TObs, TAct> typed) return typed;
        var (obs, act) = (vec.SingleObservationSpace.ElementType, vec.SingleActionSpace.ElementType);
        vec.Dispose();
        throw new InvalidCastException(
            $"'{id}' observes {obs.Name} and acts with {act.Name}, not {typeof(TObs).Name} and {typeof(TAct).Name}. Use Gym.MakeVec<{obs.Name}, {act.Name}>(\"{id}\", ...) or the untyped Gym.MakeVec.");
    }

    private sealed class VectorBuilder(string id, List<IEnv> envs, VectorizationMode mode, AutoresetMode autoresetMode, int? workerCount)
        : IEnvVisitor<IVectorEnv>
    {
        public IVectorEnv Visit<TObs, TAct>(Env<TObs, TAct> first)
        {
            var typed = new Env<TObs, TAct>[envs.Count];
            for (int i = 0; i < envs.Count; i++)
                typed[i] = envs[i] as Env<TObs, TAct> ?? throw new InvalidOperationException(
                    $"The factory of '{id}' made sub-env {i} of type {envs[i].GetType().Name}, but sub-env 0 is an Env<{typeof(TObs).Name}, {typeof(TAct).Name}>; every copy must have the same types.");
            return mode == VectorizationMode.Threaded
                ? new ThreadedVectorEnv<TObs, TAct>(typed, autoresetMode, workerCount) { Spec = first.Spec }
                : new SyncVectorEnv<TObs, TAct>(typed, autoresetMode) { Spec = first.Spec };
        }
    }
}
