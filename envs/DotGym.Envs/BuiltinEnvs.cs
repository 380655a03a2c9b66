using DotGym.Registration;

namespace DotGym.Envs;

/// <summary>
/// Registers every built-in env with <see cref="Gym"/>. Nothing registers them implicitly (the registry uses no
/// reflection, so it stays trimming- and NativeAOT-safe): call <see cref="Register"/> once at startup, before
/// <c>Gym.Make</c> or <c>Gym.MakeVec</c>.
/// </summary>
public static class BuiltinEnvs
{
    // Lazy runs the registrations once, thread-safely; later calls return at once.
    private static readonly Lazy<bool> Registered = new(() =>
    {
        ClassicControl.ClassicControlRegistrations.Register();
        ToyText.ToyTextRegistrations.Register();
        GridWorlds.GridWorldRegistrations.Register();
        return true;
    });

    /// <summary>
    /// Registers the ClassicControl, ToyText and GridWorld envs. Idempotent and thread-safe: only the first call
    /// registers (so a later <c>Gym.Register</c> that replaces a built-in id is not undone), later calls return at once.
    /// </summary>
    public static void Register() => _ = Registered.Value;
}
