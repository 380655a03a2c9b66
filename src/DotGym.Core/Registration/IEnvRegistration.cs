namespace DotGym.Registration;

/// <summary>
/// An assembly's env registrations in one explicit call: <see cref="Register"/> calls <c>Gym.Register</c>
/// for each env the assembly offers. Name the implementing type in <see cref="DotGymEnvsAttribute"/> so tools that load
/// the assembly (the <c>dotgym</c> command line's <c>--env-assembly</c>) can find it; a program that references the
/// assembly simply calls <see cref="Register"/> itself.
/// </summary>
/// <example>
/// <code>
/// [assembly: DotGymEnvs(typeof(MyEnvs.Registration))]
/// namespace MyEnvs;
/// public sealed class Registration : IEnvRegistration
/// {
///     public void Register() => Gym.Register("Reach1D-v0", _ => new Reach1D(), maxEpisodeSteps: 50);
/// }
/// </code>
/// </example>
public interface IEnvRegistration
{
    /// <summary>Registers the assembly's envs with <see cref="Gym"/>. Should be idempotent: it may be called more than once.</summary>
    void Register();
}
