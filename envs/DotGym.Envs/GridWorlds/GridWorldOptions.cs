namespace DotGym.Envs.GridWorlds;

/// <summary>Everything that defines a grid world's dynamics.</summary>
public sealed record GridWorldOptions
{
    /// <summary>The map (see <see cref="GridMap.Parse(string, GridLegend?)"/>).</summary>
    public required GridMap Map { get; init; }

    /// <summary>
    /// Probability that a move slips sideways, split equally between the two perpendicular directions
    /// (0 = deterministic; FrozenLake's slippery lake is 2/3).
    /// </summary>
    public double SlipProbability { get; init; }

    /// <summary>Reward added to every step, e.g. −0.01 to favour short paths.</summary>
    public double StepReward { get; init; }

    /// <summary>Truncate the episode after this many steps (null: never; Gym.Make's TimeLimit may also apply).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Parses <paramref name="map"/> with the default legend and returns options with the other defaults.</summary>
    public static GridWorldOptions FromText(string map, GridLegend? legend = null) => new() { Map = GridMap.Parse(map, legend) };

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Map);
        if (!(SlipProbability >= 0 && SlipProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(SlipProbability), SlipProbability, "slip_probability is a probability and must lie in [0, 1].");
        if (!double.IsFinite(StepReward))
            throw new ArgumentOutOfRangeException(nameof(StepReward), StepReward, "step_reward must be a finite number.");
        if (MaxSteps is <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "max_steps must be positive (or null for no limit).");
    }
}
