using DotGym.Envs.ClassicControl;
using DotGym.Wrappers;

namespace DotGym.Benchmarks.Infrastructure;

/// <summary>
/// CartPole whose episodes never terminate (the pole may fall; CartPole keeps integrating and rewards 0 afterwards).
/// Only for timing: a rollout of n_steps &lt; 500 from a reset then holds no autoreset step, so a PPO update
/// processes exactly num_envs × n_steps samples per epoch and BenchmarkDotNet can divide by a fixed sample count.
/// The network's cost does not depend on the observation values.
/// </summary>
internal sealed class EndlessCartPole() : Wrapper<float[], int>(new CartPoleEnv())
{
    public override StepResult<float[]> Step(int action)
    {
        var result = Env.Step(action);
        return result.Terminated ? result with { Terminated = false } : result;
    }
}
