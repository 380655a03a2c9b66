using System.CommandLine;
using DotGym.Cluster.Hosting;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym cluster silo</c>: hosts DotGym env runners in an Orleans silo, for <c>dotgym train --cluster</c>.</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port this silo talks to the other silos on.", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port trainers connect to (dotgym train --cluster 127.0.0.1:PORT).", DefaultValueFactory = _ => 30000 };
        var primary = new Option<string?>("--primary") { Description = "Localhost clustering: HOST:PORT (--port) of the first silo, which keeps the membership table. Leave out on the first silo." };
        var membership = new Option<string?>("--membership") { Description = "redis://HOST[:PORT][/DB]: keep the membership table in Redis, so silos on many machines join as equals and any may die (default: DOTGYM_CLUSTER_MEMBERSHIP if set, else localhost clustering)." };
        var advertise = new Option<string?>("--advertise") { Description = "With --membership: the IP address other machines reach this silo at (default 127.0.0.1). Beyond loopback it needs --secret." };
        var bind = new Option<string?>("--bind") { Description = "With --membership: the IP address the ports listen on (default: --advertise; 0.0.0.0 for every interface, e.g. behind NAT)." };
        var secret = new Option<string?>("--secret") { Description = "Shared secret trainers must send (at least 16 characters; default: DOTGYM_CLUSTER_SECRET if set). Required beyond loopback." };
        var silo = new Command("silo",
            """
            Start an Orleans silo that hosts env runners: each runner owns a vector env of a registered env id
            (every env dotgym ships, and DotGym/CartPole-Burn200us-v1: CartPole with 200 µs of CPU per step)
            and steps it with the actions a trainer sends. Stop with Ctrl+C.

            One machine (default): localhost clustering on loopback; the first silo keeps the membership table,
            so it must outlive the others (--primary points the others at it).

            Many machines: --membership redis://HOST:PORT keeps the table in Redis (redis-server, reachable from
            every silo and trainer); no silo is special. --advertise is the address others reach this silo at;
            beyond loopback a --secret (or DOTGYM_CLUSTER_SECRET) is required, the same on every silo and trainer.
            The secret guards, it does not encrypt: keep the cluster on a private network (TLS: see the README).

            Examples:
              dotgym cluster silo                                           the first silo (ports 11111, 30000)
              dotgym cluster silo --port 11112 --gateway-port 30001 --primary 127.0.0.1:11111
              dotgym train --env CartPole-v1 --num-envs 16 --cluster 127.0.0.1:30000,127.0.0.1:30001

              export DOTGYM_CLUSTER_SECRET=$(openssl rand -hex 16)          on every machine, the same value
              dotgym cluster silo --membership redis://10.0.0.2:6379 --advertise 10.0.0.5   on each machine
              dotgym train --env CartPole-v1 --num-envs 16 --cluster redis://10.0.0.2:6379
            """)
        {
            port, gatewayPort, primary, membership, advertise, bind, secret,
        };
        silo.SetAction(parse => Cli.Guard(() =>
        {
            int siloPort = parse.GetValue(port), gateway = parse.GetValue(gatewayPort);
            foreach (var (name, value) in new[] { ("--port", siloPort), ("--gateway-port", gateway) })
                if (value is < 1 or > 65535) throw new CliException($"{name} must be a TCP port (1-65535), got {value}.");
            if (siloPort == gateway) throw new CliException($"--port and --gateway-port must differ (both are {siloPort}).");
            System.Net.IPEndPoint? primaryEndpoint = null;
            if (parse.GetValue(primary) is { } text)
            {
                try { primaryEndpoint = ClusterHosts.ParseEndpoint(text); }
                catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException) { throw new CliException($"--primary: {e.Message}"); }
            }
            RedisMembership? redis = null;
            if ((parse.GetValue(membership) ?? Environment.GetEnvironmentVariable("DOTGYM_CLUSTER_MEMBERSHIP")) is { Length: > 0 } uri)
            {
                try { redis = RedisMembership.Parse(uri); }
                catch (ArgumentException e) { throw new CliException($"--membership: {e.Message}"); }
            }
            var advertised = Address("--advertise", parse.GetValue(advertise)) ?? System.Net.IPAddress.Loopback;
            var bound = Address("--bind", parse.GetValue(bind));
            if (redis is null && (parse.GetValue(advertise) is not null || bound is not null))
                throw new CliException("--advertise and --bind reach beyond this machine, which localhost clustering cannot; keep the membership table in Redis: add --membership redis://HOST:PORT.");
            string? shared = parse.GetValue(secret) ?? Environment.GetEnvironmentVariable("DOTGYM_CLUSTER_SECRET");
            if (shared is not null && shared.Length < 16)
                throw new CliException("--secret must have at least 16 characters; generate one with `openssl rand -hex 16`.");
            var options = new ClusterSiloOptions { SiloPort = siloPort, GatewayPort = gateway, Primary = primaryEndpoint, Membership = redis, Advertise = advertised, Bind = bound, Secret = shared };
            try { options.Validate(); }
            catch (ArgumentException e) { throw new CliException(e.Message); }
            DotGym.Cluster.Simulation.ExpensiveEnvs.Register(); // the scaling benchmark's stand-in for an expensive simulator
            IHost host;
            try { host = ClusterHosts.StartSiloAsync(options).GetAwaiter().GetResult(); }
            catch (DotGym.Cluster.ClusterEnvException e) { throw new CliException(e.Message); }
            using (host)
            {
                string where = redis is null
                    ? primaryEndpoint is null ? " (primary)" : $", primary {primaryEndpoint}"
                    : $", membership {redis}";
                AnsiConsole.MarkupLine(Markup.Escape($"Silo up on {advertised}: silo port {siloPort}, gateway {gateway}{where}" + (shared is null ? "" : ", secret required") + "."));
                AnsiConsole.MarkupLine(Markup.Escape($"Train against it: dotgym train --env CartPole-v1 --cluster {(redis is null ? $"127.0.0.1:{gateway}" : redis.ToString())}"));
                host.WaitForShutdown();
            }
            return 0;
        }));
        return new Command("cluster", "Scale env stepping out over an Orleans cluster: `dotgym cluster silo` hosts env runners for `dotgym train --cluster`.") { silo };
    }

    private static System.Net.IPAddress? Address(string option, string? text)
    {
        if (text is null) return null;
        if (System.Net.IPAddress.TryParse(text.Trim('[', ']'), out var address)) return address;
        throw new CliException($"{option} takes an IP address (e.g. 10.0.0.5, or 0.0.0.0 for --bind), got '{text}'.");
    }
}
