using DotGym.Registration;

namespace DotGym.Envs.ToyText;

/// <summary>Registry lines for the ToyText envs: one line per env id.</summary>
public static class ToyTextRegistrations
{
    public static void Register()
    {
    }
}
