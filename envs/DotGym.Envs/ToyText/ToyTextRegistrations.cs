using DotGym.Registration;

namespace DotGym.Envs.ToyText;

/// <summary>Registry lines for the ToyText envs: one line per env id (ids, kwargs, limits and thresholds as Gymnasium 1.4).</summary>
public static class ToyTextRegistrations
{
    public static void Register()
    {
        Gym.Register("FrozenLake-v1", FrozenLakeEnv.FromKwargs, maxEpisodeSteps: 100, rewardThreshold: 0.70, kwargs: new Dictionary<string, object> { ["map_name"] = "4x4" }, description: "Cross a slippery frozen lake to the goal without falling into a hole.");
        Gym.Register("FrozenLake8x8-v1", FrozenLakeEnv.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: 0.85, kwargs: new Dictionary<string, object> { ["map_name"] = "8x8" }, description: "FrozenLake on the 8x8 map.");
        Gym.Register("CliffWalking-v1", CliffWalkingEnv.FromKwargs, description: "Walk from start to goal along a cliff edge (Sutton & Barto 6.6).");
        Gym.Register("CliffWalkingSlippery-v1", CliffWalkingEnv.FromKwargs, kwargs: new Dictionary<string, object> { ["is_slippery"] = true }, description: "CliffWalking where moves may slip sideways.");
        Gym.Register("Taxi-v4", TaxiEnv.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: 8, description: "Pick up a passenger and drop them at their destination.");
        Gym.Register("Blackjack-v1", BlackjackEnv.FromKwargs, kwargs: new Dictionary<string, object> { ["sab"] = true, ["natural"] = false }, description: "Beat the dealer at blackjack (Sutton & Barto 5.1).");
    }
}
