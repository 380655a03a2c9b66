using DotGym.Agents.Logging;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Cli.EnvAssemblies;
using DotGym.Cli.Runs;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym train</c>: trains an agent on an env into a run folder.</summary>
internal static class TrainCommand
{
    public static readonly string[] Algorithms = ["ppo", "a2c", "reinforce"];

    public static Command Create()
    {
        var env = new Option<string?>("--env", "-e") { Description = "Env id to train on, e.g. CartPole-v1 (see `dotgym list`), or ASSEMBLY:ENV-ID for an env of your own assembly (e.g. MyEnvs:Reach1D-v0). Required unless --resume." };
        var envAssembly = EnvSources.CreateOption();
        var algo = new Option<string>("--algo", "-a") { Description = "Algorithm: ppo, a2c or reinforce.", DefaultValueFactory = _ => "ppo" };
        algo.AcceptOnlyFromAmong(Algorithms);
        var seed = new Option<long>("--seed", "-s") { Description = "Seed of everything random (env i resets with seed + i; network init; sampling; shuffling). Same seed on the CPU = identical run.", DefaultValueFactory = _ => 1 };
        var steps = new Option<long>("--steps") { Description = "Env steps to train for (the learning rate anneals over this budget).", DefaultValueFactory = _ => 100_000 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto (CUDA when available).", DefaultValueFactory = _ => "auto" };
        var output = new Option<string?>("--out", "-o") { Description = "Run folder to create (default runs/ENV-ALGO-sSEED). An existing run is never overwritten." };
        var preset = new Option<string?>("--preset") { Description = "Preset variant: NAME picks the ENV@NAME entry of the algorithm's presets on top of the env's own (e.g. --algo ppo --env CartPole-v1 --preset fast). The variants are listed by `dotgym list`." };
        var set = new Option<string[]>("--set") { Description = "Override a hyper-parameter of the preset, key=value (repeatable), e.g. --set learning_rate=3e-4 --set num_envs=16.", AllowMultipleArgumentsPerToken = true };
        var envArg = EnvArgOption.Create();
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Deterministic evaluation episodes at the end (and at each --eval-every).", DefaultValueFactory = _ => 20 };
        var evalEvery = new Option<long>("--eval-every") { Description = "Also evaluate every N env steps into eval.csv (0 = only at the end).", DefaultValueFactory = _ => 0 };
        var checkpointEvery = new Option<long?>("--checkpoint-every") { Description = "Write a checkpoint every N env steps (default: a tenth of --steps). The last 3 are kept." };
        var stopAtThreshold = new Option<bool>("--stop-at-threshold") { Description = "Stop once the mean of the last 20 training returns reaches the env's reward threshold." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint, with its saved settings. On the CPU it ends identical to an uninterrupted run." };
        var stopAfter = new Option<long?>("--stop-after") { Description = "End this session after N env steps with a checkpoint (continue later with --resume), e.g. for time-limited jobs." };
        var noProgress = new Option<bool>("--no-progress") { Description = "No live progress bar (for logs and CI)." };
        var vectorization = new Option<string>("--vectorization")
        {
            Description = "How the num_envs envs are stepped: sync (one after another, Gymnasium's SyncVectorEnv), threaded (split over worker threads; same results as sync), native (the env's own batched implementation, e.g. CartPole's SIMD batch, Gymnasium's CartPoleVectorEnv: same physics as sync, resets drawn from one generator) or tensor (state and rollout as tensors on --device, PPO's on-device path: for thousands of envs on a GPU; CartPole, MountainCar, Acrobot, the toy-text envs and index-observation grid worlds; --preset tensor where the env has one, e.g. CartPole-v1 and Acrobot-v1).",
            DefaultValueFactory = _ => "sync",
        };
        vectorization.AcceptOnlyFromAmong("sync", "threaded", "native", "tensor");
        var cluster = new Option<string?>("--cluster") { Description = "Step the envs on the env runners of an Orleans cluster: HOST:PORT of one or more silos' gateways, comma-separated, or redis://HOST:PORT[/DB], the Redis where silos started with --membership registered (every live gateway is found there; see `dotgym cluster silo --help`). The policy acts here; runners on every silo step in parallel. A lost silo's runners restart on the others (their episodes in flight are dropped and reported)." };
        var runnersPerSilo = new Option<int>("--runners-per-silo") { Description = "With --cluster: env runners (batched calls) per live silo.", DefaultValueFactory = _ => 1 };
        var secret = new Option<string?>("--secret") { Description = "With --cluster: the silos' shared secret (default: the DOTGYM_CLUSTER_SECRET environment variable). Never saved in the run folder." };
        var remote = new Option<string[]>("--remote")
        {
            Description = "Train against env servers instead of local envs: HOST:PORT[,HOST:PORT...] (e.g. from `dotgym serve`); their envs are the num_envs, in the order given. The env id comes from the servers.",
            AllowMultipleArgumentsPerToken = true,
        };
        var token = new Option<string?>("--token") { Description = "The env servers' shared token (default: $DOTGYM_TOKEN). Never written to the run folder." };
        var numEnvs = new Option<int?>("--num-envs") { Description = "Number of envs stepped together (overrides the preset's num_envs; same as --set num_envs=N), e.g. --num-envs 256 --vectorization native." };

        var command = new Command("train",
            """
            Train an agent on an env. The run folder gets: config.json (every setting, to repeat the run), metrics.csv
            (one row per update), episodes.csv (one row per training episode), eval.csv, TensorBoard event files in
            tensorboard/, checkpoints/, model.ckpt (the final agent), learning_curve.png and summary.json.
            Hyper-parameters come from the versioned presets for the algorithm and env (see `dotgym list`), then --set.

            Examples:
              dotgym train --env CartPole-v1 --algo ppo --seed 1 --steps 100000 --out runs/ppo-cartpole
              dotgym train --env FrozenLake-v1 --algo ppo --steps 200000 --env-arg is_slippery=true
              dotgym train --env Pendulum-v1 --algo ppo --steps 300000 --set learning_rate=3e-4
              dotgym train --env CartPole-v1 --algo ppo --preset fast --steps 1000000 --stop-at-threshold
              dotgym train --env CartPole-v1 --algo ppo --vectorization native --num-envs 256 --steps 1000000 --stop-at-threshold
              dotgym train --env CartPole-v1 --algo ppo --vectorization tensor --num-envs 65536 --device cuda --preset tensor --steps 20000000 --stop-at-threshold
              dotgym train --env CartPole-v1 --algo ppo --num-envs 16 --cluster 127.0.0.1:30000,127.0.0.1:30001
              dotgym train --env CartPole-v1 --algo ppo --num-envs 16 --cluster redis://10.0.0.2:6379 --secret $SECRET
              dotgym train --resume runs/ppo-cartpole
              dotgym train --env Reach1D-v0 --env-assembly MyEnvs/bin/Release/net10.0/MyEnvs.dll --steps 20000
              dotgym train --remote 127.0.0.1:50051,127.0.0.1:50052 --steps 100000   (servers from `dotgym serve`)
            Watch it learn: tensorboard --logdir runs/

            """ + EnvSources.Help)
        {
            env, algo, seed, steps, device, output, preset, set, envArg, evalEpisodes, evalEvery, checkpointEvery, stopAtThreshold, resume, stopAfter, noProgress, vectorization, numEnvs, envAssembly, remote, token, cluster, runnersPerSilo, secret,
        };

        command.SetAction(parse => Cli.Guard(() =>
        {
            bool progress = !parse.GetValue(noProgress) && !Console.IsOutputRedirected;
            long? stopAfterSteps = parse.GetValue(stopAfter);
            if (stopAfterSteps is <= 0) throw new CliException($"--stop-after must be a positive number of env steps, got {stopAfterSteps}.");
            EnvSources.Load(parse, envAssembly);
            if (parse.GetValue(cluster) is not null || parse.GetValue(resume) is not null)
                DotGym.Cluster.Simulation.ExpensiveEnvs.Register(); // as the silos do: dotgym cluster silo serves it
            string? remoteToken = parse.GetValue(token) ?? (Environment.GetEnvironmentVariable(Remote.Server.EnvServerOptions.TokenVariable) is { Length: > 0 } t ? t : null);
            if (parse.GetValue(resume) is { } resumeFolder)
            {
                var saved = RunConfig.Load(resumeFolder) with { RemoteToken = remoteToken, ClusterSecret = ClusterSecret(parse.GetValue(secret)) };
                if (saved.Remote is null) EnvSources.EnsureRegistered(saved);
                if (parse.GetResult(device) is { Implicit: false }) saved = saved with { Device = parse.GetValue(device)! }; // only a --device given now overrides the saved one
                return Train(saved, resumeFolder, resume: true, stopAfterSteps, progress);
            }

            string[]? servers = RemoteServers(parse.GetValue(remote));
            if (servers is not null && parse.GetValue(cluster) is not null)
                throw new CliException("--cluster and --remote both say where the envs are stepped; use one of them.");
            RemoteProbe? probe = null;
            if (servers is not null)
            {
                if (parse.GetResult(env) is { Implicit: false } || parse.GetResult(envArg) is { Implicit: false } || parse.GetResult(vectorization) is { Implicit: false })
                    throw new CliException("--remote trains on the servers' envs: leave out --env, --env-arg and --vectorization (set them on `dotgym serve`).");
                probe = RemoteProbe.Connect(servers, remoteToken);
            }
            string envId = probe?.EnvId ?? EnvSources.ResolveId(parse.GetValue(env) ?? throw new CliException("--env is required (e.g. --env CartPole-v1), unless you --resume a run or train against --remote servers."));
            var spec = probe is null ? Gym.Spec(envId) : null; // unknown ids fail here with suggestions
            long s = parse.GetValue(seed), total = parse.GetValue(steps);
            if (s < 0) throw new CliException($"--seed must be a non-negative integer, got {s}.");
            if (total <= 0) throw new CliException($"--steps must be positive, got {total}.");
            int episodes = parse.GetValue(evalEpisodes);
            if (episodes < 1) throw new CliException($"--eval-episodes must be at least 1, got {episodes}.");
            long evalInterval = parse.GetValue(evalEvery);
            if (evalInterval < 0) throw new CliException($"--eval-every must be >= 0, got {evalInterval}.");
            long checkpointInterval = parse.GetValue(checkpointEvery) ?? Math.Max(1, total / 10);
            if (checkpointInterval <= 0) throw new CliException($"--checkpoint-every must be positive, got {checkpointInterval}.");
            string algorithm = parse.GetValue(algo)!;
            string deviceName = parse.GetValue(device)!;
            TorchRuntime.ResolveDevice(deviceName); // fail fast on an unusable device

            string presetKey = PresetKey(algorithm, envId, parse.GetValue(preset));
            var agentConfig = AgentPresets.Get(algorithm, presetKey, parse.GetValue(set) ?? []) with { Seed = s, Device = deviceName };
            if (parse.GetValue(numEnvs) is { } n)
            {
                if (n < 1) throw new CliException($"--num-envs must be at least 1, got {n}.");
                if (probe is not null && n != probe.NumEnvs)
                    throw new CliException($"--num-envs {n}, but the servers give {probe.NumEnvs} envs; leave out --num-envs, or start the servers with other --num-envs.");
                agentConfig = agentConfig with { NumEnvs = n };
                agentConfig.Validate();
            }
            if (probe is not null)
            {
                agentConfig = agentConfig with { NumEnvs = probe.NumEnvs };
                agentConfig.Validate();
            }
            string vectorizationMode = parse.GetValue(vectorization)!;
            if (vectorizationMode == "native" && spec!.VectorEntryPoint is null)
            {
                var native = Gym.Registry.Where(r => r.VectorEntryPoint is not null).Select(r => r.Id);
                throw new CliException($"'{spec.Id}' has no native vector implementation; use --vectorization sync or threaded. Envs with one: {string.Join(", ", native)}.");
            }
            if (vectorizationMode == "tensor")
            {
                if (probe is not null)
                    throw new CliException("--vectorization tensor steps envs on this machine's device; it cannot be combined with --remote (leave out one of them).");
                if (algorithm != "ppo")
                    throw new CliException($"--vectorization tensor trains with PPO's on-device path; use --algo ppo (got {algorithm}), or --vectorization sync, threaded or native.");
                if (!DotGym.Agents.Tensors.TensorEnvs.Supports(spec!.Id))
                    throw new CliException($"'{spec.Id}' has no tensor implementation; use --vectorization sync, threaded or native. Envs with one: {string.Join(", ", DotGym.Agents.Tensors.TensorEnvs.Ids)}.");
                if (agentConfig.NormalizeObservations || agentConfig.NormalizeRewards)
                {
                    var variants = AgentPresets.EnvIds(algorithm).Where(k => k == spec.Id + "@tensor" && k != presetKey).ToList();
                    throw new CliException($"The preset {presetKey} normalises {(agentConfig.NormalizeObservations ? "observations" : "rewards")}, which PPO's on-device path does not support yet; "
                        + (variants.Count > 0 ? "use --preset tensor (tuned for it), or " : "")
                        + "add --set normalize_observations=false --set normalize_rewards=false, or use --vectorization sync, threaded or native.");
                }
            }
            string? clusterGateways = parse.GetValue(cluster);
            int runners = parse.GetValue(runnersPerSilo);
            if (runners < 1) throw new CliException($"--runners-per-silo must be at least 1, got {runners}.");
            if (clusterGateways is not null)
            {
                if (DotGym.Cluster.Hosting.RedisMembership.IsUri(clusterGateways))
                    try { clusterGateways = DotGym.Cluster.Hosting.RedisMembership.Parse(clusterGateways).ToString(); }
                    catch (ArgumentException e) { throw new CliException($"--cluster: {e.Message}"); }
                else
                    foreach (var gateway in clusterGateways.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        try { DotGym.Cluster.Hosting.ClusterHosts.ParseEndpoint(gateway); }
                        catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException) { throw new CliException($"--cluster: {e.Message}"); }
                if (vectorizationMode == "tensor")
                    throw new CliException("--cluster steps the envs on silos; --vectorization tensor keeps them on this machine's device. Use sync, threaded or native (how each runner batches its envs).");
                if (EnvArgOption.Pairs(parse, envArg).Count > 0)
                    throw new CliException("--env-arg does not travel to cluster runners yet: they make the env with its registered arguments. Register a variant id with the arguments on the silos and train on that id.");
                if (EnvAssemblyLoader.SourceOf(envId) is not null)
                    throw new CliException($"'{envId}' comes from an env assembly; cluster silos make only the envs dotgym ships. Train it locally, or host it in your own silo (AddDotGymEnvRunners).");
            }
            var config = new RunConfig
            {
                Cluster = clusterGateways,
                RunnersPerSilo = runners,
                ClusterSecret = ClusterSecret(parse.GetValue(secret)),
                Env = envId,
                EnvArgs = EnvArgOption.Pairs(parse, envArg),
                EnvAssembly = probe is null ? EnvAssemblyLoader.SourceOf(envId) : null,
                Remote = servers,
                RemoteToken = remoteToken,
                Algo = algorithm,
                Seed = s,
                TotalSteps = total,
                Device = deviceName,
                EvalEpisodes = episodes,
                EvalEvery = evalInterval,
                CheckpointEvery = checkpointInterval,
                StopAtThreshold = parse.GetValue(stopAtThreshold),
                Vectorization = vectorizationMode,
                Agent = ConfigBinder.ToJson(agentConfig),
                CommandLine = "dotgym " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"{(probe is null ? "" : "remote-")}{envId}-{algorithm}-s{s}");
            if (File.Exists(Path.Combine(folder, "config.json")))
                throw new CliException($"'{folder}' already holds a run. Continue it with --resume {folder}, or choose another --out.");
            return Train(config, folder, resume: false, stopAfterSteps, progress);
        }));
        return command;
    }

    /// <summary>The preset key for <paramref name="envId"/>: the env id itself, or <c>ENV@NAME</c> for a --preset NAME
    /// that exists for this algorithm and env (otherwise a clear error listing the variants there are).</summary>
    internal static string PresetKey(string algorithm, string envId, string? variant)
    {
        if (variant is null) return envId;
        string name = variant.Trim();
        if (name.StartsWith(envId + "@", StringComparison.Ordinal)) name = name[(envId.Length + 1)..];
        var known = AgentPresets.EnvIds(algorithm).Where(k => k.StartsWith(envId + "@", StringComparison.Ordinal)).Select(k => k[(envId.Length + 1)..]).ToList();
        if (name.Length == 0 || name.Contains('@') || !known.Contains(name))
            throw new CliException($"--preset '{variant}': {algorithm} has no preset variant {envId}@{name}. "
                + (known.Count == 0 ? $"It has no variants for {envId}; leave out --preset." : $"Variants for {envId}: {string.Join(", ", known)}."));
        return $"{envId}@{name}";
    }

    /// <summary>The --remote addresses (comma-separated or repeated), or null without --remote.</summary>
    internal static string[]? RemoteServers(string[]? values)
    {
        if (values is null || values.Length == 0) return null;
        var servers = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return servers.Length > 0 ? servers : throw new CliException("--remote needs HOST:PORT of at least one env server, e.g. --remote 127.0.0.1:50051.");
    }

    internal static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs, string flag)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new CliException($"{flag} '{pair}' must look like key=value.");
            result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return result;
    }

    private static int Train(RunConfig config, string folder, bool resume, long? stopAfter, bool progress)
    {
        var console = new ConsoleTrainingOutput();
        var session = new TrainingSession(config, folder, progress ? console : TrainingOutput.Silent) { StopAfter = stopAfter };
        AnsiConsole.MarkupLine($"Training [bold]{Markup.Escape(config.Algo)}[/] on [bold]{Markup.Escape(config.Env)}[/], seed {config.Seed}, {config.TotalSteps:N0} steps, device {Markup.Escape(config.Device)} → {Markup.Escape(folder)}");
        var summary = progress
            ? console.Run($"{config.Algo} on {config.Env}", config.TotalSteps, () => session.Run(resume))
            : session.Run(resume);
        Report(summary, folder);
        if (session.ClusterEnv is { } cluster)
            AnsiConsole.MarkupLine($"Cluster: {cluster.DroppedEpisodes:N0} episodes dropped, {cluster.RunnerRestarts} runner restarts; runners now on {Markup.Escape(string.Join(", ", cluster.RunnerSilos.Distinct()))}");
        return 0;
    }

    private static string? ClusterSecret(string? given) => given ?? Environment.GetEnvironmentVariable("DOTGYM_CLUSTER_SECRET");

    private static void Report(RunSummary summary, string folder)
    {
        var table = new Table().AddColumns("", "");
        table.AddRow("env steps", summary.TotalEnvSteps.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("wall seconds", summary.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        table.AddRow("steps/s", summary.EnvStepsPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("train return (last 20)", summary.TrainMeanReturnLast20?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-");
        if (summary.EvalMeanReturn is { } mean)
            table.AddRow($"eval return ({summary.EvalEpisodes} episodes)", $"{mean:0.##} ± {summary.EvalStdReturn:0.##}");
        table.AddRow("steps to threshold", summary.StepsToThreshold?.ToString("N0", CultureInfo.InvariantCulture) ?? "not reached");
        table.AddRow("seconds to threshold", summary.SecondsToThreshold?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Run folder: {Markup.Escape(folder)} (summary.json, learning_curve.png, metrics.csv, tensorboard/)");
    }
}
