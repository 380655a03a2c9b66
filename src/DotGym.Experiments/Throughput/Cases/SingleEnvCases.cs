using DotGym.Envs.ClassicControl;
using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;

namespace DotGym.Experiments.Throughput.Cases;

/// <summary>One raw env at a time (<c>*/single</c>): the per-step cost of each built-in env.</summary>
public static class SingleEnvCases
{
    private const string How = "raw env (no wrappers), pre-sampled random actions, reset on episode end";

    public static IEnumerable<ThroughputCase> Create() =>
    [
        Single("CartPole-v1/single", () => new CartPoleEnv()),
        Single("FrozenLake-v1-8x8/single", () => new FrozenLakeEnv(mapName: "8x8", isSlippery: true)),
        Single("MountainCar-v0/single", () => new MountainCarEnv()),
        Single("Acrobot-v1/single", () => new AcrobotEnv()),
        Single("Pendulum-v1/single", () => new PendulumEnv()),
        Single("GridWorld-4x4-v0/single", () => GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse(GridWorldPresets.Open4x4) })),
    ];

    private static ThroughputCase Single<TObs, TAct>(string name, Func<Env<TObs, TAct>> make) =>
        new(name, How, () => new SingleEnvWorkload<TObs, TAct>(make()));
}
