using DotGym.Registration;

namespace DotGym.Envs.ClassicControl;

/// <summary>Registry lines for the ClassicControl envs: one line per env id (Gymnasium's limits and thresholds).</summary>
public static class ClassicControlRegistrations
{
    public static void Register()
    {
        Gym.Register("CartPole-v0", CartPoleEnv.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: 195.0, description: "Balance a pole on a cart (200 steps).",
            vectorEntryPoint: CartPoleBatch.FromRequest);
        Gym.Register("CartPole-v1", CartPoleEnv.FromKwargs, maxEpisodeSteps: 500, rewardThreshold: 475.0, description: "Balance a pole on a cart (500 steps).",
            vectorEntryPoint: CartPoleBatch.FromRequest);
        Gym.Register("MountainCar-v0", MountainCarEnv.FromKwargs, maxEpisodeSteps: 200, rewardThreshold: -110.0, description: "Rock an underpowered car up a hill (3 discrete actions).");
        Gym.Register("MountainCarContinuous-v0", ContinuousMountainCarEnv.FromKwargs, maxEpisodeSteps: 999, rewardThreshold: 90.0, description: "Rock an underpowered car up a hill (continuous force).");
        Gym.Register("Pendulum-v1", PendulumEnv.FromKwargs, maxEpisodeSteps: 200, description: "Swing a pendulum upright with a continuous torque.");
        Gym.Register("Acrobot-v1", AcrobotEnv.FromKwargs, maxEpisodeSteps: 500, rewardThreshold: -100.0, description: "Swing a two-link arm's tip above a bar.");
    }
}
