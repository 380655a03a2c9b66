using DotGym.Envs;
using DotGym.Registration;

// How tools that load this assembly (dotgym --env-assembly) find the built-in envs; programs call BuiltinEnvs.Register().
[assembly: DotGymEnvs(typeof(BuiltinEnvsRegistration))]

namespace DotGym.Envs;

/// <summary>The built-in envs as an <see cref="IEnvRegistration"/>, declared by this assembly's <see cref="DotGymEnvsAttribute"/>.</summary>
public sealed class BuiltinEnvsRegistration : IEnvRegistration
{
    /// <summary>Calls <see cref="BuiltinEnvs.Register"/> (idempotent, thread-safe).</summary>
    public void Register() => BuiltinEnvs.Register();
}
