using DotGym.Registration;

namespace DotGym.Agents.Tests.TestEnvs;

/// <summary>The registered CartPole-v1 (Gymnasium's dynamics, 500-step limit), typed for the agents.</summary>
public static class CartPole
{
    public static Env<float[], int> Make() => Gym.Make<float[], int>("CartPole-v1");
}
