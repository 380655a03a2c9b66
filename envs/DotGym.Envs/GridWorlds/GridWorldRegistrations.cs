using DotGym.Registration;

namespace DotGym.Envs.GridWorlds;

/// <summary>Registry lines for the GridWorld envs: one line per env id.</summary>
public static class GridWorldRegistrations
{
    public static void Register()
    {
    }
}
