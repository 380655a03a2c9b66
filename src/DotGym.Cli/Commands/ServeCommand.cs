using System.CommandLine;
using DotGym.Cli.EnvAssemblies;
using DotGym.Registration;
using DotGym.Remote.Server;
using DotGym.Vector;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym serve</c>: hosts a registered env for remote trainers over gRPC until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env", "-e") { Description = "Env id to host, e.g. CartPole-v1 (see `dotgym list`), or ASSEMBLY:ENV-ID for an env of your own assembly.", Required = true };
        var envAssembly = EnvSources.CreateOption();
        var port = new Option<int>("--port", "-p") { Description = "TCP port to listen on (0 picks a free one and prints it).", DefaultValueFactory = _ => 50051 };
        var numEnvs = new Option<int>("--num-envs", "-n") { Description = "Envs each trainer's session gets (a trainer may ask for fewer, e.g. 1 to evaluate).", DefaultValueFactory = _ => 8 };
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), or 0.0.0.0 / an interface's address for other machines (needs --token).", DefaultValueFactory = _ => "127.0.0.1" };
        var token = new Option<string?>("--token") { Description = $"Shared secret trainers must send (at least {EnvServerOptions.MinimumTokenLength} characters; default: ${EnvServerOptions.TokenVariable}). Required unless --host is a loopback address." };
        var maxSessions = new Option<int>("--max-sessions") { Description = "Trainer sessions served at once, each with its own envs.", DefaultValueFactory = _ => 4 };
        var vectorization = new Option<string>("--vectorization") { Description = "How a session's envs are stepped: sync, threaded or native (the env's own batch).", DefaultValueFactory = _ => "sync" };
        vectorization.AcceptOnlyFromAmong("sync", "threaded", "native");
        var envArg = EnvArgOption.Create();
        var command = new Command("serve",
            $"""
            Host an env for trainers in other processes or on other machines (gRPC; the schema is dotgym_remote.proto in
            the DotGym.Remote package, so servers in other languages speak the same protocol). Each trainer's session
            gets its own --num-envs envs, reset and stepped as one batch. Stop with Ctrl+C.
            Listens on 127.0.0.1 unless --host says otherwise; then trainers must send --token (or ${EnvServerOptions.TokenVariable}).
            The traffic is not encrypted: across untrusted networks tunnel it (ssh -L 50051:127.0.0.1:50051 host).

            Examples:
              dotgym serve --env CartPole-v1 --port 50051 --num-envs 8
              dotgym train --remote 127.0.0.1:50051 --steps 100000          (in another terminal)
              dotgym serve --env CartPole-v1 --host 0.0.0.0 --token $(openssl rand -hex 16)

            """ + EnvSources.Help)
        { env, port, numEnvs, host, token, maxSessions, vectorization, envArg, envAssembly };

        command.SetAction(parse => Cli.Guard(() =>
        {
            EnvSources.Load(parse, envAssembly);
            var spec = Gym.Spec(EnvSources.ResolveId(parse.GetValue(env)!));
            int n = parse.GetValue(numEnvs);
            if (n < 1) throw new CliException($"--num-envs must be at least 1, got {n}.");
            var kwargs = EnvArgOption.Kwargs(parse, envArg);
            var mode = parse.GetValue(vectorization) switch
            {
                "threaded" => VectorizationMode.Threaded,
                "native" => VectorizationMode.Native,
                _ => VectorizationMode.Sync,
            };
            if (mode == VectorizationMode.Native && spec.VectorEntryPoint is null)
                throw new CliException($"'{spec.Id}' has no native vector implementation; use --vectorization sync or threaded.");
            using (Gym.MakeVec(spec.Id, 1, mode, kwargs: kwargs)) { } // a bad env or kwarg fails here, not in the first session

            var options = new EnvServerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                Token = parse.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(EnvServerOptions.TokenVariable)),
                NumEnvs = n,
                EnvId = spec.Id,
                MaxSessions = parse.GetValue(maxSessions),
                Log = message => AnsiConsole.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(message)}"),
            };
            using var server = EnvServer.Start(count => Gym.MakeVec(spec.Id, count, mode, kwargs: kwargs), options);
            string address = $"{server.Address.Host}:{server.Port}";
            AnsiConsole.MarkupLine($"Serving [bold]{Markup.Escape(spec.Id)}[/] ({n} envs per session) on [bold]{Markup.Escape(server.Address.ToString())}[/]");
            AnsiConsole.MarkupLine($"Train with: dotgym train --remote {Markup.Escape(address)}{(options.Token is null ? "" : " --token ...")}");
            AnsiConsole.MarkupLine("Stop with Ctrl+C.");
            server.WaitForShutdownAsync().GetAwaiter().GetResult();
            return 0;
        }));
        return command;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
