using DotGym.Remote.Client;

namespace DotGym.Cli.Runs;

/// <summary>What env servers host, asked once before a remote run is set up (the session is closed again at once).</summary>
internal sealed record RemoteProbe(string EnvId, int NumEnvs)
{
    public static RemoteProbe Connect(string[] servers, string? token)
    {
        using var envs = RemoteVectorEnv.Connect(servers, RunConfig.RemoteOptionsFor(token));
        string id = envs.Spec?.Id ?? "remote";
        if (id.Length == 0) id = "remote";
        return new RemoteProbe(id, envs.NumEnvs);
    }
}
