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
        var primary = new Option<string?>("--primary") { Description = "HOST:PORT (--port) of the first silo, which keeps the membership table. Leave out on the first silo." };
        var secret = new Option<string?>("--secret") { Description = "Shared secret trainers must send (at least 16 characters; default: DOTGYM_CLUSTER_SECRET if set)." };
        var silo = new Command("silo",
            """
            Start an Orleans silo that hosts env runners: each runner owns a vector env of a registered env id
            (every env dotgym ships, and DotGym/CartPole-Burn200us-v1: CartPole with 200 µs of CPU per step)
            and steps it with the actions a trainer sends. Localhost clustering: every silo and the trainer run
            on this machine, on loopback; the first silo keeps the membership table, so stop it last. Across
            machines, host the runners in your own silo with a real membership provider (see the
            DotGym.Cluster README). Stop with Ctrl+C.

            Examples:
              dotgym cluster silo                                           the first silo (ports 11111, 30000)
              dotgym cluster silo --port 11112 --gateway-port 30001 --primary 127.0.0.1:11111
              dotgym train --env CartPole-v1 --num-envs 16 --cluster 127.0.0.1:30000,127.0.0.1:30001
            """)
        {
            port, gatewayPort, primary, secret,
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
            string? shared = parse.GetValue(secret) ?? Environment.GetEnvironmentVariable("DOTGYM_CLUSTER_SECRET");
            if (shared is not null && shared.Length < 16)
                throw new CliException("--secret must have at least 16 characters; generate one with `openssl rand -hex 16`.");
            DotGym.Cluster.Simulation.ExpensiveEnvs.Register(); // the scaling benchmark's stand-in for an expensive simulator
            using var host = ClusterHosts.Silo(new ClusterSiloOptions { SiloPort = siloPort, GatewayPort = gateway, Primary = primaryEndpoint, Secret = shared });
            host.Start();
            AnsiConsole.MarkupLine($"Silo up on 127.0.0.1: silo port {siloPort}, gateway {gateway}" +
                                   (primaryEndpoint is null ? " (primary)" : $", primary {primaryEndpoint}") + (shared is null ? "" : ", secret required") + ".");
            AnsiConsole.MarkupLine($"Train against it: dotgym train --env CartPole-v1 --cluster 127.0.0.1:{gateway}");
            host.WaitForShutdown();
            return 0;
        }));
        return new Command("cluster", "Scale env stepping out over an Orleans cluster: `dotgym cluster silo` hosts env runners for `dotgym train --cluster`.") { silo };
    }
}
