using DotGym.Registration;
using Lander;

// `dotgym train --env-assembly path/to/Lander.dll --env Lander-v0` finds the env through this attribute.
[assembly: DotGymEnvs(typeof(LanderRegistration))]

namespace Lander;

/// <summary>Registers Lander-v0 (with its 400-step time limit) for the dotgym command line and for programs (registering again replaces it).</summary>
public sealed class LanderRegistration : IEnvRegistration
{
    public void Register()
    {
        Gym.Register(LanderEnv.Id, kwargs =>
        {
            var args = new Kwargs(kwargs, LanderEnv.Id);
            var env = new LanderEnv(args.Get<string?>("render_mode", null));
            args.EnsureAllUsed();
            return env;
        }, maxEpisodeSteps: LanderEnv.MaxSteps, rewardThreshold: LanderEnv.SolvedReturn);
    }
}
