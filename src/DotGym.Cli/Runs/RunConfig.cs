using DotGym.Rendering;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Agents;
using DotGym.Agents.Tensors;
using DotGym.Registration;
using DotGym.Remote.Client;
using DotGym.Vector;
using System.Text.Json.Serialization;

namespace DotGym.Cli.Runs;

/// <summary>
/// Everything that defines a training run, saved as <c>config.json</c> in the run folder: enough to resume it or to
/// repeat it exactly (same seed on the CPU → same <c>metrics.csv</c>).
/// </summary>
internal sealed record RunConfig
{
    public const int FormatVersion = 1;
    public int Format { get; init; } = FormatVersion;
    public required string Env { get; init; }
    public Dictionary<string, string> EnvArgs { get; init; } = [];
    /// <summary>The full path of the .dll that registered <see cref="Env"/> (from --env-assembly, dotgym.json or
    /// ASSEMBLY:ENV-ID); null for the envs dotgym ships. eval, play and --resume load it again.</summary>
    public string? EnvAssembly { get; init; }
    public required string Algo { get; init; }
    public required long Seed { get; init; }
    public required long TotalSteps { get; init; }
    public required string Device { get; init; }
    public int EvalEpisodes { get; init; } = 20;
    public long EvalEvery { get; init; }
    public long CheckpointEvery { get; init; }
    public bool StopAtThreshold { get; init; }
    /// <summary>How the training envs are stepped: sync, threaded, native or tensor (see <c>dotgym train --help</c>).</summary>
    public string Vectorization { get; init; } = "sync";
    /// <summary>Gateways (HOST:PORT, comma-separated) of the Orleans cluster whose env runners step the training envs, or its membership Redis (redis://HOST:PORT/DB); null: local envs. --resume trains against the same cluster.</summary>
    public string? Cluster { get; init; }
    /// <summary>Env runners per live silo when training on a <see cref="Cluster"/>.</summary>
    public int RunnersPerSilo { get; init; } = 1;
    /// <summary>The cluster's shared secret (from --secret or DOTGYM_CLUSTER_SECRET): never written to config.json.</summary>
    [JsonIgnore]
    public string? ClusterSecret { get; init; }
    /// <summary>
    /// The env servers the run trains against (<c>dotgym train --remote</c>), in row order; null for local envs. Their
    /// envs are <see cref="Env"/> as the first server announced it.
    /// </summary>
    public string[]? Remote { get; init; }

    /// <summary>The servers' shared token: given on each command line (or by DOTGYM_TOKEN), never written to config.json.</summary>
    [JsonIgnore]
    public string? RemoteToken { get; init; }

    /// <summary>The agent's resolved hyper-parameters (preset + overrides), snake_case.</summary>
    public required JsonObject Agent { get; init; }
    public string CommandLine { get; init; } = "";
    public string DotGymVersion { get; init; } = typeof(RunConfig).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Seed of the evaluation env's first reset: away from the training seeds (seed + i).</summary>
    public long EvalSeed => Seed + 1_000_000;

    /// <summary>snake_case, indented: the run folder's JSON style (<see cref="DotGym.Agents.Logging.RunSummary.Json"/>).</summary>
    public static JsonSerializerOptions Json => DotGym.Agents.Logging.RunSummary.Json;

    public AgentConfig AgentConfig() => ConfigBinder.FromJson(Algo, Agent);

    /// <summary>The <see cref="Vectorization"/> setting as Core's mode (tensor envs are made by <see cref="TensorEnvs"/> instead).</summary>
    [System.Text.Json.Serialization.JsonIgnore] // derived from Vectorization, which config.json keeps
    public VectorizationMode VectorizationMode => Vectorization switch
    {
        "sync" => VectorizationMode.Sync,
        "threaded" => VectorizationMode.Threaded,
        "native" => VectorizationMode.Native,
        _ => throw new InvalidDataException($"config.json has vectorization '{Vectorization}'; use sync, threaded, native or tensor."),
    };

    /// <summary>
    /// The training envs: <paramref name="numEnvs"/> copies of the env, stepped as <see cref="Vectorization"/> says
    /// (tensor: a tensor env on the run's device, trained by PPO's on-device path), the env servers' envs, or the cluster's env runners.
    /// </summary>
    public IVectorEnv MakeVectorEnv(int numEnvs)
    {
        if (Cluster is not null)
            return DotGym.Cluster.ClusterVectorEnv.Connect(Cluster.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Env, numEnvs,
                new DotGym.Cluster.ClusterVectorEnvOptions { Mode = VectorizationMode, RunnersPerSilo = RunnersPerSilo, Log = Console.Error.WriteLine }, ClusterSecret);
        if (Vectorization == "tensor") return TensorEnvs.Make(Env, numEnvs, TorchRuntime.ResolveDevice(Device), kwargs: EnvKwargs());
        if (Remote is null) return Gym.MakeVec(Env, numEnvs, VectorizationMode, kwargs: EnvKwargs());
        var envs = RemoteVectorEnv.Connect(Remote, RemoteOptions);
        if (envs.NumEnvs != numEnvs)
        {
            string found = $"{envs.NumEnvs}";
            envs.Dispose();
            throw new InvalidOperationException($"The run was made for {numEnvs} remote envs but {string.Join(", ", Remote)} now give {found}; start the servers with the same --num-envs.");
        }
        return envs;
    }

    /// <summary>One env to evaluate on: the first server's, for a remote run.</summary>
    public IEnv MakeEvalEnv() => Remote is null ? Gym.Make(Env, EnvKwargs()) : RemoteEnv.Connect(Remote[0], RemoteOptions);

    /// <summary>How the trainer connects to <see cref="Remote"/>.</summary>
    [JsonIgnore]
    public RemoteEnvOptions RemoteOptions => RemoteOptionsFor(RemoteToken);

    /// <summary>How <c>dotgym train</c> connects to env servers with <paramref name="token"/>.</summary>
    public static RemoteEnvOptions RemoteOptionsFor(string? token) => new() { Token = token, ClientName = $"dotgym train ({System.Environment.MachineName})" };

    /// <summary>Env kwargs as the registry wants them (values parsed as JSON numbers/bools where they are).</summary>
    public IReadOnlyDictionary<string, object> EnvKwargs() => EnvArgs.ToDictionary(p => p.Key, p => ParseScalar(p.Value));

    internal static object ParseScalar(string text)
    {
        if (bool.TryParse(text, out var b)) return b;
        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l))
            return l is >= int.MinValue and <= int.MaxValue ? (object)(int)l : l; // (object): a bare ternary would widen the int back to long
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) return d;
        return text;
    }

    public void Save(string runFolder) => AtomicFile.WriteAllText(Path.Combine(runFolder, "config.json"), JsonSerializer.Serialize(this, Json));

    public static RunConfig Load(string runFolder)
    {
        string path = Path.Combine(runFolder, "config.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{runFolder}' is not a DotGym run folder: it has no config.json. Pass the --out folder of an earlier `dotgym train`.", path);
        RunConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid run config ({e.Message}). Was it edited by hand?", e);
        }
        if (config is null) throw new InvalidDataException($"{path} is empty.");
        if (config.Format != FormatVersion) throw new InvalidDataException($"{path} has format {config.Format}; this dotgym reads format {FormatVersion}.");
        return config;
    }
}
