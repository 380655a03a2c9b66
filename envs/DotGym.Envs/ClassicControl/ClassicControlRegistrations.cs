using DotGym.Registration;

namespace DotGym.Envs.ClassicControl;

/// <summary>Registry lines for the ClassicControl envs: one line per env id.</summary>
public static class ClassicControlRegistrations
{
    public static void Register()
    {
    }
}
