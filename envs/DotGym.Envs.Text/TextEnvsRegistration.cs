using DotGym.Envs.Text;
using DotGym.Registration;

// How tools that load this assembly (dotgym --env-assembly) find the text envs; programs call TextEnvs.Register().
[assembly: DotGymEnvs(typeof(TextEnvsRegistration))]

namespace DotGym.Envs.Text;

/// <summary>The text envs as an <see cref="IEnvRegistration"/>, declared by this assembly's <see cref="DotGymEnvsAttribute"/>.</summary>
public sealed class TextEnvsRegistration : IEnvRegistration
{
    /// <summary>Calls <see cref="TextEnvs.Register"/> (idempotent).</summary>
    public void Register() => TextEnvs.Register();
}
