namespace DotGym;

/// <summary>What <see cref="Env{TObs,TAct}.Step"/> returns (Gymnasium's five-tuple).</summary>
/// <param name="Observation">The observation after the step.</param>
/// <param name="Reward">The reward for taking the action.</param>
/// <param name="Terminated">The episode reached a terminal state of the MDP (bootstrap with 0).</param>
/// <param name="Truncated">The episode was cut short from outside the MDP, e.g. a time limit (bootstrap with V(s')).</param>
/// <param name="Info">Auxiliary diagnostics; <see cref="Infos.Empty"/> when there are none.</param>
public readonly record struct StepResult<TObs>(
    TObs Observation, double Reward, bool Terminated, bool Truncated, IReadOnlyDictionary<string, object> Info)
{
    public bool Done => Terminated || Truncated;

    public void Deconstruct(out TObs observation, out double reward, out bool terminated, out bool truncated)
    {
        observation = Observation;
        reward = Reward;
        terminated = Terminated;
        truncated = Truncated;
    }
}

/// <summary>What <see cref="Env{TObs,TAct}.Reset"/> returns: the first observation and its info.</summary>
public readonly record struct ResetResult<TObs>(TObs Observation, IReadOnlyDictionary<string, object> Info);

/// <summary>Shared info dictionaries.</summary>
public static class Infos
{
    /// <summary>An empty, read-only info (returned without allocating).</summary>
    public static readonly IReadOnlyDictionary<string, object> Empty =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, object>(new Dictionary<string, object>());

    /// <summary>
    /// Info key (value <c>true</c>) on a truncated step whose episode was cut short by lost infrastructure, not by the
    /// env: a remote or cluster env whose host died. <see cref="Vector.RecordVectorEpisodeStatistics{TObs,TAct}"/>
    /// does not count such an episode; the next step (next-step autoreset) starts a fresh one.
    /// </summary>
    public const string EpisodeDropped = "episode_dropped";

    /// <summary>A new mutable copy of <paramref name="info"/> with <paramref name="key"/> set (wrappers add keys this way).</summary>
    public static Dictionary<string, object> With(IReadOnlyDictionary<string, object> info, string key, object value)
    {
        var copy = new Dictionary<string, object>(info.Count + 1);
        foreach (var (k, v) in info) copy[k] = v;
        copy[key] = value;
        return copy;
    }
}
