using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace DotGym.Cluster.Hosting;

/// <summary>
/// Ready-made hosts: a silo (what <c>dotgym cluster silo</c> runs) and a learner's client. Localhost clustering keeps
/// the membership table in the first silo and binds to loopback: one machine. A <see cref="RedisMembership"/> keeps
/// it in Redis instead: silos on many machines, none of them special. For another provider (e.g.
/// Microsoft.Orleans.Clustering.AdoNet with PostgreSQL), build your own silo and call
/// <see cref="ClusterHostingExtensions.AddDotGymEnvRunners"/> and <see cref="ClusterHostingExtensions.RequireClusterSecret"/>.
/// </summary>
public static class ClusterHosts
{
    /// <summary>The cluster and service ids every DotGym silo and client agree on.</summary>
    public const string ClusterId = "dotgym";

    /// <summary>How long a silo or a learner waits for the membership Redis before it gives up with the fix.</summary>
    public static readonly TimeSpan MembershipConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo host (not started) whose env runners make envs from this process's registry; refuses invalid options
    /// (see <see cref="ClusterSiloOptions.Validate"/>). <see cref="StartSiloAsync"/> also checks that Redis answers.
    /// </summary>
    public static IHost Silo(ClusterSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = Host.CreateApplicationBuilder();
        QuietOrleans(builder.Logging);
        builder.UseOrleans(silo =>
        {
            if (options.Membership is { } redis)
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Options(MembershipConnectTimeout, abortOnConnectFail: false));
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = options.Advertise;
                    o.SiloPort = options.SiloPort;
                    o.GatewayPort = options.GatewayPort;
                    o.SiloListeningEndpoint = new IPEndPoint(options.ListenAddress, options.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(options.ListenAddress, options.GatewayPort);
                });
            }
            else silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.Primary, ClusterId, ClusterId);
            silo.AddDotGymEnvRunners();
            if (options.Secret is { } secret) silo.RequireClusterSecret(secret);
        });
        return builder.Build();
    }

    /// <summary>Checks the options and the membership Redis (within <see cref="MembershipConnectTimeout"/>), then starts a silo.</summary>
    public static async Task<IHost> StartSiloAsync(ClusterSiloOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Membership is { } redis) await redis.EnsureReachableAsync(MembershipConnectTimeout, cancellation);
        var host = Silo(options);
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the cluster and returns the started client host; dispose it to disconnect. <paramref name="gateways"/>
    /// is either the silos' gateways (HOST:PORT each) or one membership URI (redis://HOST:PORT[/DB]) where the silos
    /// registered, from which the client learns every live gateway.
    /// </summary>
    public static async Task<IHost> ConnectAsync(IReadOnlyList<string> gateways, string? secret = null, CancellationToken cancellation = default) =>
        await ConnectAsync(gateways, secret, TimeSpan.FromSeconds(10), cancellation);

    /// <summary>As <see cref="ConnectAsync(IReadOnlyList{string}, string?, CancellationToken)"/>, giving up when no gateway answers within <paramref name="connectTimeout"/>.</summary>
    public static async Task<IHost> ConnectAsync(IReadOnlyList<string> gateways, string? secret, TimeSpan connectTimeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var membership = gateways.Count == 1 && RedisMembership.IsUri(gateways[0]) ? RedisMembership.Parse(gateways[0]) : null;
        var endpoints = membership is null ? gateways.Select(ParseEndpoint).ToArray() : [];
        if (membership is null && endpoints.Length == 0) throw new ArgumentException("Name at least one gateway, e.g. 127.0.0.1:30000 (a silo's --gateway-port), or the membership redis://HOST:PORT.", nameof(gateways));
        if (membership is not null) await membership.EnsureReachableAsync(MembershipConnectTimeout, cancellation);
        var builder = Host.CreateApplicationBuilder();
        QuietOrleans(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            if (membership is not null) client.UseRedisClustering(o => o.ConfigurationOptions = membership.Options(MembershipConnectTimeout, abortOnConnectFail: false));
            else client.UseStaticClustering(endpoints);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            if (secret is not null) client.UseClusterSecret(secret);
            // Orleans retries a refused connection; a trainer pointed at no silo should say so soon.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (clock.Elapsed > connectTimeout) return false;
                await Task.Delay(TimeSpan.FromMilliseconds(500), token);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch (Exception e)
        {
            host.Dispose();
            throw new ClusterEnvException(
                $"Could not connect to the cluster at {string.Join(", ", gateways)}: {e.GetType().Name}: {e.Message} " +
                (membership is null
                    ? "Start a silo first (dotgym cluster silo) and pass its gateway HOST:PORT."
                    : $"Start a silo that registers there first (dotgym cluster silo --membership {membership})."), e);
        }
    }

    // Orleans warns at startup (server GC, a watchdog tick) and logs every reset connection of a lost silo with its
    // stack; DotGym reports a lost runner in one line, so only Orleans' errors reach the console.
    private static void QuietOrleans(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Error);
        logging.AddFilter("Microsoft.Orleans", LogLevel.Error);
    }

    /// <summary>The client of a host made by <c>ConnectAsync</c>.</summary>
    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Parses HOST:PORT (an IP address or a name that resolves; "localhost" is loopback).</summary>
    public static IPEndPoint ParseEndpoint(string text)
    {
        int colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(text![(colon + 1)..], out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{text}' is not HOST:PORT (e.g. 127.0.0.1:30000).");
        string host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        var resolved = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new ArgumentException($"'{host}' does not resolve to an IPv4 address.");
        return new IPEndPoint(resolved, port);
    }
}
