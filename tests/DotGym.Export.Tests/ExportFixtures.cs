using DotGym.Agents;
using DotGym.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Export.Tests;

/// <summary>Small trained-looking agents for the export tests: a short PPO run, then weights scaled up so logits are O(1).</summary>
internal static class ExportFixtures
{
    public static readonly Space[] ActionSpaces =
    [
        new Discrete(5, start: 2),
        new MultiDiscrete([3, 4, 2], start: [1, 0, -1]),
        new Box<float>([-1f, 0f, -2f], [1f, 0.5f, 2f]),
    ];

    /// <summary>PPO on <see cref="ScaledNoise{TAct}"/> (observation normalisation on) after 256 steps, with randomised actor weights.</summary>
    public static Agent Trained(Space actionSpace, bool normalize = true, string activation = "tanh", long seed = 1, bool useSde = false) => actionSpace switch
    {
        Discrete d => Train(() => new ScaledNoise<int>(d), normalize, activation, seed),
        MultiDiscrete m => Train(() => new ScaledNoise<int[]>(m), normalize, activation, seed),
        Box<float> b => Train(() => new ScaledNoise<float[]>(b), normalize, activation, seed, useSde),
        _ => throw new ArgumentException($"no fixture for {actionSpace}"),
    };

    public static Agent Train(Func<IEnv> env, bool normalize, string activation = "tanh", long seed = 1, bool useSde = false)
    {
        var agent = new Ppo(env, new PpoConfig
        {
            Seed = seed, NumEnvs = 2, NSteps = 32, NumMinibatches = 2, UpdateEpochs = 1, HiddenSizes = [16, 8],
            Activation = activation, NormalizeObservations = normalize, UseSde = useSde,
        });
        agent.Learn(256);
        Randomize(agent, seed);
        return agent;
    }

    /// <summary>Gaussian weights (std 0.6) and log-stds, so outputs are far from zero and ties between logits are unlikely.</summary>
    public static void Randomize(Agent agent, long seed)
    {
        using var generator = new Generator((ulong)seed + 100, CPU);
        using var noGrad = no_grad();
        foreach (var parameter in agent.Policy.Network.Module.parameters())
            parameter.normal_(0, 0.6, generator);
    }

    /// <summary>Observations like the env's, some far outside the training statistics (so the normaliser's clip acts).</summary>
    public static float[] Observations(int rows, int seed)
    {
        var random = new System.Random(seed);
        int d = ScaledNoise<int>.Offsets.Length;
        var obs = new float[rows * d];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++)
            {
                double z = (random.NextDouble() * 2 - 1) * (r % 8 == 0 ? 60 : 3);
                obs[r * d + j] = (float)(ScaledNoise<int>.Offsets[j] + ScaledNoise<int>.Scales[j] * z);
            }
        return obs;
    }
}
