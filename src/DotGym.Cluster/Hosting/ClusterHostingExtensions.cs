using DotGym.Cluster.Runners;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace DotGym.Cluster.Hosting;

/// <summary>What a silo and a learner's client add to their Orleans builders to host and reach DotGym env runners.</summary>
public static class ClusterHostingExtensions
{
    /// <summary>
    /// Lets this silo host env runners: registers <see cref="SpreadPlacement"/> (runner k on the k-th live silo). The
    /// silo process must also register the env ids it will be asked for (e.g. <c>DotGym.Envs.BuiltinEnvs.Register()</c>).
    /// </summary>
    public static ISiloBuilder AddDotGymEnvRunners(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        return silo;
    }

    /// <summary>
    /// Refuses env-runner calls that do not carry <paramref name="secret"/> (set by a client with
    /// <see cref="UseClusterSecret"/>): a guard against stray clients, not encryption. Beyond a trusted network, also
    /// enable TLS (Microsoft.Orleans.Connections.Security).
    /// </summary>
    public static ISiloBuilder RequireClusterSecret(this ISiloBuilder silo, string secret)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ClusterSecret.Check(secret);
        silo.AddIncomingGrainCallFilter(new ClusterSecret.IncomingCheck(secret));
        return silo;
    }

    /// <summary>Sends <paramref name="secret"/> with every grain call, for silos that <see cref="RequireClusterSecret"/>.</summary>
    public static IClientBuilder UseClusterSecret(this IClientBuilder client, string secret)
    {
        ArgumentNullException.ThrowIfNull(client);
        ClusterSecret.Check(secret);
        client.AddOutgoingGrainCallFilter(new ClusterSecret.OutgoingStamp(secret));
        return client;
    }
}
