using System.Net;

namespace DotGym.Cluster.Hosting;

/// <summary>
/// One silo of a DotGym cluster. By default localhost clustering: every silo and the learner on this machine, on
/// loopback, the first silo keeping the membership table. With <see cref="Membership"/> the table lives in Redis, so
/// silos on many machines join as equals and any of them may die.
/// </summary>
public sealed record ClusterSiloOptions
{
    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port learners (clients) connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Localhost clustering only: the first silo's silo endpoint, which holds the membership table (null: this silo is the first).</summary>
    public IPEndPoint? Primary { get; init; }

    /// <summary>The Redis server that keeps the membership table (null: localhost clustering).</summary>
    public RedisMembership? Membership { get; init; }

    /// <summary>The address other silos and learners reach this silo at, published in the membership table (default loopback).</summary>
    public IPAddress Advertise { get; init; } = IPAddress.Loopback;

    /// <summary>The address the silo and gateway ports listen on (null: <see cref="Advertise"/>; 0.0.0.0 for every interface, e.g. behind NAT).</summary>
    public IPAddress? Bind { get; init; }

    /// <summary>The shared secret learners must send (null: none, acceptable on loopback only).</summary>
    public string? Secret { get; init; }

    /// <summary>The address the ports listen on.</summary>
    public IPAddress ListenAddress => Bind ?? Advertise;

    /// <summary>Whether other machines can reach this silo.</summary>
    public bool BeyondLoopback => !IPAddress.IsLoopback(Advertise) || !IPAddress.IsLoopback(ListenAddress);

    /// <summary>Refuses combinations that cannot work or that expose the silo unguarded, naming the fix.</summary>
    public void Validate()
    {
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(name, port, $"{name} must be a TCP port (1-65535).");
        if (SiloPort == GatewayPort) throw new ArgumentException($"The silo port and the gateway port must differ (both are {SiloPort}).");
        if (Membership is not null && Primary is not null)
            throw new ArgumentException("A primary silo is for localhost clustering; with a Redis membership every silo is equal. Leave out the primary.");
        if (Membership is null && BeyondLoopback)
            throw new ArgumentException(
                $"Localhost clustering serves one machine (loopback) and its first silo holds the membership table; to listen on {ListenAddress} / advertise {Advertise}, keep the table in Redis: --membership redis://HOST:PORT.");
        if (Secret is not null) ClusterSecret.Check(Secret);
        else if (BeyondLoopback)
            throw new ArgumentException(
                $"Listening on {ListenAddress} (advertised as {Advertise}) lets other machines call this silo, so it needs a shared secret of at least {ClusterSecret.MinLength} characters: --secret or DOTGYM_CLUSTER_SECRET (e.g. from `openssl rand -hex 16`), the same on every silo and trainer; or stay on 127.0.0.1. On untrusted networks add TLS as well (see the DotGym.Cluster README).");
    }
}
