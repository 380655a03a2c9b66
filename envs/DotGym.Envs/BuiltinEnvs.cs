using DotGym.Registration;

[assembly: EnvRegistrations(typeof(DotGym.Envs.BuiltinEnvs))]

namespace DotGym.Envs;

/// <summary>Registers every built-in env with <see cref="Gym"/> (called once, automatically, on first registry use).</summary>
public static class BuiltinEnvs
{
    public static void Register()
    {
        ClassicControl.ClassicControlRegistrations.Register();
        ToyText.ToyTextRegistrations.Register();
        GridWorlds.GridWorldRegistrations.Register();
    }
}
