using DotGym.Registration;
using DotGym.Vector;
using Orleans.Runtime;

namespace DotGym.Cluster;

/// <summary>Makes <see cref="ClusterVectorEnv{TObs,TAct}"/>s: envs made by id on the env-runner grains of an Orleans cluster.</summary>
public static class ClusterVectorEnv
{
    /// <summary>
    /// <paramref name="numEnvs"/> copies of the registered env <paramref name="envId"/>, spread over runners on every live
    /// silo the client sees (runner k on the k-th silo), stepped as one vector env. The learner makes one copy locally
    /// to learn the spaces, so the id must be registered here as on the silos.
    /// </summary>
    public static IVectorEnv Create(IClusterClient client, string envId, int numEnvs, ClusterVectorEnvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "numEnvs must be at least 1 (the number of sub-envs to run on the cluster).");
        options ??= new ClusterVectorEnvOptions();
        options.Validate();
        using var probe = Gym.MakeVec(envId, 1, VectorizationMode.Sync, options.AutoresetMode, maxEpisodeSteps: options.MaxEpisodeSteps);
        int runners = options.Runners ?? Math.Max(1, LiveSilos(client)) * options.RunnersPerSilo;
        return probe.Accept(new Builder(client, envId, numEnvs, Math.Min(runners, numEnvs), options));
    }

    /// <summary>Typed <see cref="Create(IClusterClient, string, int, ClusterVectorEnvOptions?)"/>: fails clearly when the env's types differ.</summary>
    public static ClusterVectorEnv<TObs, TAct> Create<TObs, TAct>(IClusterClient client, string envId, int numEnvs, ClusterVectorEnvOptions? options = null)
    {
        var env = Create(client, envId, numEnvs, options);
        if (env is ClusterVectorEnv<TObs, TAct> typed) return typed;
        string actual = $"{TypeNames.Of(env.SingleObservationSpace.ElementType)}, {TypeNames.Of(env.SingleActionSpace.ElementType)}";
        env.Dispose();
        throw new InvalidCastException($"'{envId}' observes and acts with ({actual}), not ({TypeNames.Of<TObs>()}, {TypeNames.Of<TAct>()}); use ClusterVectorEnv.Create<{actual}>.");
    }

    /// <summary>
    /// Connects to the cluster at <paramref name="gateways"/> (HOST:PORT of silos' gateway ports) and makes the envs
    /// there; the vector env owns the connection and closes it when disposed.
    /// </summary>
    public static IClusterVectorEnv Connect(IReadOnlyList<string> gateways, string envId, int numEnvs, ClusterVectorEnvOptions? options = null, string? secret = null)
    {
        var host = Hosting.ClusterHosts.ConnectAsync(gateways, secret).GetAwaiter().GetResult();
        try
        {
            var env = (IClusterVectorEnv)Create(Hosting.ClusterHosts.Client(host), envId, numEnvs, options);
            env.Accept(new Own(host));
            return env;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private sealed class Own(IDisposable host) : IVectorEnvVisitor<bool>
    {
        public bool Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env)
        {
            ((ClusterVectorEnv<TObs, TAct>)env).OwnedClient = host;
            return true;
        }
    }

    /// <summary>The number of silos the cluster's membership reports active.</summary>
    public static int LiveSilos(IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).GetAwaiter().GetResult().Count;
        }
        catch (Exception e) when (e is not ClusterEnvException)
        {
            throw new ClusterEnvException($"Could not ask the cluster for its silos: {e.GetType().Name}: {e.Message} Is a silo running (dotgym cluster silo)?", e);
        }
    }

    private sealed class Builder(IClusterClient client, string envId, int numEnvs, int runners, ClusterVectorEnvOptions options) : IVectorEnvVisitor<IVectorEnv>
    {
        public IVectorEnv Visit<TObs, TAct>(IVectorEnv<TObs, TAct> probe) =>
            new ClusterVectorEnv<TObs, TAct>(client, envId, numEnvs, runners, options, probe);
    }
}
