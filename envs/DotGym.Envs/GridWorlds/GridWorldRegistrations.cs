using DotGym.Registration;

namespace DotGym.Envs.GridWorlds;

/// <summary>Registry lines for the GridWorld envs: one line per env id (maps in <see cref="GridWorldPresets"/>).</summary>
public static class GridWorldRegistrations
{
    public static void Register()
    {
        Gym.Register("GridWorld-4x4-v0", GridWorld.FromKwargs, maxEpisodeSteps: 100, rewardThreshold: 1.0, kwargs: new Dictionary<string, object> { ["map"] = GridWorldPresets.Open4x4 }, description: "Open 4x4 room: reach the far corner (reward 1).");
        Gym.Register("GridWorld-Maze-v0", GridWorld.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: 0.7, kwargs: new Dictionary<string, object> { ["map"] = GridWorldPresets.Maze, ["step_reward"] = -0.01 }, description: "8x8 walled maze with a step cost.");
        Gym.Register("GridWorld-LavaSlip-v0", GridWorld.FromKwargs, maxEpisodeSteps: 100, kwargs: new Dictionary<string, object> { ["map"] = GridWorldPresets.LavaSlip, ["slip_probability"] = 0.2, ["step_reward"] = -0.01 }, description: "Slippery walk beside a lava lake.");
        Gym.Register("GridWorld-8x8-v0", GridWorld.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: 1.0, kwargs: new Dictionary<string, object> { ["map"] = GridWorldPresets.Field8x8 }, description: "8x8 field with walls and holes.");
    }
}
