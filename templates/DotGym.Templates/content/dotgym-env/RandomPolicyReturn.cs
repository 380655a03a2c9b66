using DotGym;

namespace MyEnvs;

/// <summary>The mean return of uniformly random actions: the baseline a trained agent must beat.</summary>
public sealed class RandomPolicyReturn(Env<float[], float[]> env)
{
    public double Mean(int episodes, long seed)
    {
        env.ActionSpace.Seed(seed);
        double total = 0;
        for (int episode = 0; episode < episodes; episode++)
        {
            env.Reset(seed + episode);
            while (true)
            {
                var step = env.Step(env.ActionSpace.Sample());
                total += step.Reward;
                if (step.Terminated || step.Truncated) break;
            }
        }
        return total / episodes;
    }
}
