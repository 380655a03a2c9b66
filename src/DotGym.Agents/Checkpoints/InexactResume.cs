using DotGym.Vector;

namespace DotGym.Agents.Checkpoints;

/// <summary>
/// Why a loaded agent's envs could not continue where they were (so training from the checkpoint will not equal an
/// uninterrupted run), and how to fix it: the text of the <see cref="DotGymWarnings"/> warning that
/// <see cref="Agent.Load(string, Func{AgentConfig, IVectorEnv}, Func{AgentConfig, AgentConfig}?, Policies.PolicyNetworkFactory?)"/>
/// raises and that <c>dotgym train --resume</c> writes into <c>summary.json</c>.
/// </summary>
internal static class InexactResume
{
    /// <summary>The warning's source.</summary>
    public const string Source = "Agent.Load";

    /// <summary>The explanation for <paramref name="envs"/>, resumed from <paramref name="path"/> at <paramref name="globalStep"/>.</summary>
    public static string Explain(string path, IVectorEnv envs, long resetSeed, long globalStep)
    {
        string consequence =
            $"so its envs start fresh episodes (reset with seed {resetSeed}) and training continued from step {globalStep:N0} will not equal an uninterrupted run.";
        if (envs.SupportsStateSnapshot)
            return $"'{path}' holds no env state (it was saved with includeEnvState: false, or from envs without snapshots), {consequence} " +
                   "Save the checkpoint from envs that support snapshots, with includeEnvState: true (the default).";
        return $"The envs cannot snapshot their state ({Culprits(envs)}: SupportsStateSnapshot is false), so '{path}' holds none, {consequence} " +
               "For exact resume, override SupportsStateSnapshot => true, SaveState(BinaryWriter) and LoadState(BinaryReader) in the env: " +
               "write and read every field that decides future steps (positions, step counters, and NpRandom.SaveState(writer) / NpRandom.LoadState(reader) for its random generator); " +
               "wrappers of your own override SaveOwnState/LoadOwnState the same way.";
    }

    /// <summary>The distinct envs or wrappers that lack snapshots, e.g. <c>Reach1D</c> or <c>MyWrapper&lt;Reach1D&gt;</c>.</summary>
    private static string Culprits(IVectorEnv envs)
    {
        if (envs.SubEnvs.Count == 0) return TypeNames.Of(envs.GetType());
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var env in envs.SubEnvs)
        {
            if (env.SupportsStateSnapshot) continue;
            names.Add(env.Unwrapped.SupportsStateSnapshot ? $"a wrapper in {env}" : TypeNames.Of(env.Unwrapped.GetType()));
        }
        if (names.Count == 0) names.Add(TypeNames.Of(envs.GetType())); // the vector env itself (or a vector wrapper)
        return string.Join(", ", names);
    }
}
