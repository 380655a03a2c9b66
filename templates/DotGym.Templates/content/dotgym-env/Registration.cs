using DotGym.Registration;

// Declares this assembly's envs for tools that load it: dotgym --env-assembly, dotgym.json, or --env MyEnvs:Reach1D-v0.
[assembly: DotGymEnvs(typeof(MyEnvs.Registration))]

namespace MyEnvs;

/// <summary>Registers this project's envs with the DotGym registry. Program.cs calls it too.</summary>
public sealed class Registration : IEnvRegistration
{
    public const string Reach1DId = "Reach1D-v0";

    public void Register() =>
        Gym.Register(Reach1DId, _ => new Reach1D(), maxEpisodeSteps: 50, rewardThreshold: -3,
            description: "Reach a target on a line with a continuous push.");
}
