namespace DotGym.Vector;

/// <summary>
/// Runs the sub-envs one after another on the calling thread (Gymnasium's <c>SyncVectorEnv</c>). The best choice for
/// cheap envs or few of them; see <see cref="VectorEnv{TObs,TAct}"/> for the API.
/// </summary>
public sealed class SyncVectorEnv<TObs, TAct> : VectorEnv<TObs, TAct>
{
    /// <summary>Batches <paramref name="envs"/>; the vector env owns and disposes them.</summary>
    public SyncVectorEnv(IEnumerable<Env<TObs, TAct>> envs, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : base(envs, autoresetMode) { }

    /// <summary>Creates <paramref name="numEnvs"/> sub-envs with <paramref name="makeEnv"/> (called with the index).</summary>
    public SyncVectorEnv(int numEnvs, Func<int, Env<TObs, TAct>> makeEnv, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : base(SubEnvFactory.Create(numEnvs, makeEnv), autoresetMode) { }

    protected override void RunAll(VectorWork work) => RunRange(work, 0, NumEnvs);
}

internal static class SubEnvFactory
{
    /// <summary>Calls <paramref name="makeEnv"/> <paramref name="numEnvs"/> times; disposes what it made if one call fails.</summary>
    public static List<Env<TObs, TAct>> Create<TObs, TAct>(int numEnvs, Func<int, Env<TObs, TAct>> makeEnv)
    {
        if (numEnvs <= 0) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "numEnvs must be at least 1.");
        ArgumentNullException.ThrowIfNull(makeEnv);
        var envs = new List<Env<TObs, TAct>>(numEnvs);
        try
        {
            for (int i = 0; i < numEnvs; i++)
                envs.Add(makeEnv(i) ?? throw new InvalidOperationException($"The env factory returned null for sub-env {i}."));
            return envs;
        }
        catch
        {
            foreach (var env in envs) env.Dispose();
            throw;
        }
    }
}
