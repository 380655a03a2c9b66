using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace DotGym.Cluster.Hosting;

/// <summary>
/// Ready-made hosts: a silo with localhost clustering (what <c>dotgym cluster silo</c> runs) and a learner's client.
/// Localhost clustering keeps the membership table in the first silo and binds to loopback: one machine. Across
/// machines, configure a real membership provider on the silo builder instead (e.g. Microsoft.Orleans.Clustering.AdoNet
/// with PostgreSQL, or .Redis) and call <see cref="ClusterHostingExtensions.AddDotGymEnvRunners"/> and
/// <see cref="ClusterHostingExtensions.RequireClusterSecret"/> there, with TLS (Microsoft.Orleans.Connections.Security).
/// </summary>
public static class ClusterHosts
{
    /// <summary>The cluster and service ids every DotGym silo and client agree on.</summary>
    public const string ClusterId = "dotgym";

    /// <summary>A silo host (not started) whose env runners make envs from this process's registry.</summary>
    public static IHost Silo(ClusterSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder();
        QuietOrleans(builder.Logging);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.Primary, ClusterId, ClusterId);
            silo.AddDotGymEnvRunners();
            if (options.Secret is { } secret) silo.RequireClusterSecret(secret);
        });
        return builder.Build();
    }

    /// <summary>Connects to the gateways (HOST:PORT each) and returns the started client host; dispose it to disconnect.</summary>
    public static async Task<IHost> ConnectAsync(IReadOnlyList<string> gateways, string? secret = null, CancellationToken cancellation = default) =>
        await ConnectAsync(gateways, secret, TimeSpan.FromSeconds(10), cancellation);

    /// <summary>As <see cref="ConnectAsync(IReadOnlyList{string}, string?, CancellationToken)"/>, giving up when no gateway answers within <paramref name="connectTimeout"/>.</summary>
    public static async Task<IHost> ConnectAsync(IReadOnlyList<string> gateways, string? secret, TimeSpan connectTimeout, CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var endpoints = gateways.Select(ParseEndpoint).ToArray();
        if (endpoints.Length == 0) throw new ArgumentException("Name at least one gateway, e.g. 127.0.0.1:30000 (a silo's --gateway-port).", nameof(gateways));
        var builder = Host.CreateApplicationBuilder();
        QuietOrleans(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoints);
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
                $"Could not connect to the cluster at {string.Join(", ", gateways)}: {e.GetType().Name}: {e.Message} Start a silo first (dotgym cluster silo) and pass its gateway HOST:PORT.", e);
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
