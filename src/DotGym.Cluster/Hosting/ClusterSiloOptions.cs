using System.Net;

namespace DotGym.Cluster.Hosting;

/// <summary>One silo of a localhost-clustered DotGym cluster (every silo and the learner on this machine, loopback only).</summary>
public sealed record ClusterSiloOptions
{
    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port learners (clients) connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The first silo's silo endpoint, which holds the membership table (null: this silo is the first).</summary>
    public IPEndPoint? Primary { get; init; }

    /// <summary>The shared secret learners must send (null: none, acceptable on loopback).</summary>
    public string? Secret { get; init; }
}
