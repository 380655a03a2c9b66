using System.Text.Json;

namespace DotGym.Agents.Logging;

/// <summary>What <c>summary.json</c> holds: how far a run got, how fast, how well, and whether it resumed exactly.</summary>
public sealed record RunSummary
{
    /// <summary>The env id the agent trained on.</summary>
    public required string Env { get; init; }
    /// <summary>The algorithm (<c>ppo</c>, <c>a2c</c>, <c>reinforce</c>).</summary>
    public required string Algo { get; init; }
    /// <summary>The agent's seed.</summary>
    public long Seed { get; init; }
    /// <summary>The torch device it trained on.</summary>
    public required string Device { get; init; }
    /// <summary>False when the session stopped early (cancelled or --stop-after) and the run can be resumed.</summary>
    public bool Finished { get; init; }
    /// <summary>Env transitions collected in total.</summary>
    public long TotalEnvSteps { get; init; }
    /// <summary>Updates in total.</summary>
    public long Updates { get; init; }
    /// <summary>Training episodes finished in total.</summary>
    public long Episodes { get; init; }
    /// <summary>Training seconds, summed over sessions.</summary>
    public double WallSeconds { get; init; }
    /// <summary>Env steps per training second.</summary>
    public double? EnvStepsPerSecond { get; init; }
    /// <summary>Mean return of the last 20 training episodes.</summary>
    public double? TrainMeanReturnLast20 { get; init; }
    /// <summary>The env's reward threshold, when it has one.</summary>
    public double? RewardThreshold { get; init; }
    /// <summary>Mean return of the final evaluation (deterministic actions).</summary>
    public double? EvalMeanReturn { get; init; }
    /// <summary>Its standard deviation.</summary>
    public double? EvalStdReturn { get; init; }
    /// <summary>Episodes in the final evaluation.</summary>
    public int EvalEpisodes { get; init; }
    /// <summary>Whether evaluation used the most likely action.</summary>
    public bool EvalDeterministic { get; init; }
    /// <summary>First env step at which the mean of the last 20 training returns reached the threshold (null: never).</summary>
    public long? StepsToThreshold { get; init; }
    /// <summary>Training seconds at that step.</summary>
    public double? SecondsToThreshold { get; init; }
    /// <summary>
    /// Null for a run that was never resumed; true when every resume continued the envs exactly (the run equals an
    /// uninterrupted one); false when some resume had to start fresh episodes (see <see cref="ResumeWarning"/>).
    /// </summary>
    public bool? ResumedExactly { get; init; }
    /// <summary>Why a resume was not exact and how to make it so (the warning <c>Agent.Load</c> raised).</summary>
    public string? ResumeWarning { get; init; }
    /// <summary>
    /// Peak working set (resident memory) of the process that trained it, in MiB, the largest over its sessions: the
    /// run's own footprint when `dotgym train` ran it (everything else that process did counts when run in-process).
    /// </summary>
    public double? PeakWorkingSetMib { get; init; }
    /// <summary>The LibTorch version that trained it.</summary>
    public string LibTorch { get; init; } = "";

    /// <summary>snake_case, indented: how <c>config.json</c> and <c>summary.json</c> are written.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Reads a <c>summary.json</c>; null when the file does not exist or is not a summary.</summary>
    public static RunSummary? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
