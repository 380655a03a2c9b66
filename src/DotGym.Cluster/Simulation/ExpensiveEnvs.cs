using DotGym.Registration;

namespace DotGym.Cluster.Simulation;

/// <summary>Registered stand-ins for expensive envs (see <see cref="CpuBurn{TObs,TAct}"/>).</summary>
public static class ExpensiveEnvs
{
    /// <summary>CartPole-v1 whose every step first burns 200 µs of CPU: the env of the cluster scaling benchmark.</summary>
    public const string CartPole200us = "DotGym/CartPole-Burn200us-v1";

    /// <summary>The CPU each <see cref="CartPole200us"/> step burns.</summary>
    public static readonly TimeSpan CartPoleCost = TimeSpan.FromMicroseconds(200);

    /// <summary>Registers <see cref="CartPole200us"/> (needs CartPole-v1 registered: <c>DotGym.Envs.BuiltinEnvs.Register()</c>); idempotent.</summary>
    public static void Register() =>
        Gym.Register(CartPole200us, kwargs => new CpuBurn<float[], int>((Env<float[], int>)Gym.Make("CartPole-v1", kwargs), CartPoleCost),
            description: "CartPole-v1 with 200 µs of busy CPU per step: a stand-in for an expensive simulator (cluster benchmarks).");
}
