using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Rendering;
using static TorchSharp.torch;

namespace DotGym.Agents.Checkpoints;

/// <summary>
/// The checkpoint format, version 2 (all integers little-endian):
/// <code>
/// "DOTGYMCK"                      8-byte magic
/// int32  format version           2
/// int32  n, then n bytes          header: UTF-8 JSON (algorithm, spaces, observation format, obs_dim, config, counters, libtorch version)
/// int32  section count
///   per section: string name (BinaryWriter's length-prefixed UTF-8), int64 length, bytes
///     policy      TorchSharp Module.save of the policy network
///     optimizer   TorchSharp optimizer state (Adam/RMSprop moments, step counts)
///     generators  sample, shuffle and predict generator states
///     normalizers observation / reward running statistics (Core's RunningMeanStd snapshots)
///     runner      the env runner's bookkeeping (current observation rows and action masks)
///     env_state   optional: the vector env's IVectorEnv.SaveState (every sub-env, autoreset flags and the
///                 episode statistics; present when it supports snapshots; enables bit-identical resume)
/// 32 bytes                        SHA-256 of everything above
/// </code>
/// Written through Core's <see cref="AtomicFile"/> (a temporary file in the same folder, then moved over the
/// target), so a crash never leaves half a file. Version 1 files (before the vector-env agents) are refused with a
/// clear message: their env section has another layout.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 2;
    private static readonly byte[] Magic = "DOTGYMCK"u8.ToArray();
    private const int HashLength = 32;

    internal static void Write(string path, Agent agent, bool includeEnvState)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var header = new JsonObject
        {
            ["format"] = "dotgym-agent-checkpoint",
            ["format_version"] = FormatVersion,
            ["algorithm"] = agent.Algorithm,
            ["observation_space"] = agent.ObservationSpace.ToString(),
            ["action_space"] = agent.ActionSpace.ToString(),
            ["obs_dim"] = agent.ObsDim,
            ["observation_format"] = agent.Policy.Observation.ToString(),
            ["policy_network"] = agent.Policy.Network.GetType().FullName,
            ["libtorch"] = TorchRuntime.LibTorchVersion,
            ["config"] = ConfigBinder.ToJson(agent.Config),
            ["counters"] = new JsonObject
            {
                ["global_step"] = agent.GlobalStep,
                ["updates"] = agent.Updates,
                ["episodes"] = agent.Episodes,
                ["training_seconds"] = agent.TrainingSeconds,
                ["steps_to_threshold"] = agent.StepsToThreshold,
                ["seconds_to_threshold"] = agent.SecondsToThreshold,
                ["recent_returns"] = new JsonArray(agent.RecentReturns.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            },
        };
        var sections = new List<(string Name, byte[] Bytes)>
        {
            ("policy", Bytes(w => agent.Policy.Network.Module.save(w))),
            ("optimizer", Bytes(w => agent.Optimizer.save_state_dict(w))),
            ("generators", Bytes(w =>
            {
                foreach (var g in new[] { agent.SampleGenerator, agent.ShuffleGenerator, agent.PredictGenerator })
                {
                    using var state = g.get_state();
                    var bytes = state.data<byte>().ToArray();
                    w.Write(bytes.Length);
                    w.Write(bytes);
                }
            })),
            ("normalizers", Bytes(w =>
            {
                w.Write(agent.ObservationNormalizer is not null);
                agent.ObservationNormalizer?.Statistics.SaveState(w);
                w.Write(agent.RewardNormalizer is not null);
                agent.RewardNormalizer?.Write(w);
            })),
            ("runner", Bytes(w => { if (agent.TensorEnv is null) agent.Runner.WriteState(w); })), // a tensor env has no host runner
        };
        if (includeEnvState) sections.Add(("env_state", Bytes(agent.Runner.Env.SaveState)));

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString(ConfigBinder.JsonOptions));
            writer.Write(headerBytes.Length);
            writer.Write(headerBytes);
            writer.Write(sections.Count);
            foreach (var (name, bytes) in sections)
            {
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
        }
        var body = buffer.ToArray();
        var hash = SHA256.HashData(body);
        AtomicFile.Write(path, file =>
        {
            file.Write(body);
            file.Write(hash);
        });
    }

    /// <summary>Reads and verifies a checkpoint (magic, version, checksum, header); throws <see cref="InvalidDataException"/> with the reason.</summary>
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        var bytes = File.ReadAllBytes(path);
        string Bad(string why) => $"'{path}' is not a usable DotGym agent checkpoint: {why}";
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException(Bad("it does not start with the DOTGYMCK magic (wrong file?)."));
        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version > FormatVersion)
            throw new InvalidDataException(Bad($"it has format version {version}, newer than this build's {FormatVersion}; update DotGym."));
        if (version < 1) throw new InvalidDataException(Bad($"format version {version} is invalid."));
        if (version < FormatVersion)
            throw new InvalidDataException(Bad($"it has format version {version}, written before the agents trained on vector envs; this build reads version {FormatVersion}. Train the run again (or load it with the DotGym version that wrote it)."));
        if (bytes.Length < Magic.Length + 4 + HashLength)
            throw new InvalidDataException(Bad("it is truncated."));
        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
            throw new InvalidDataException(Bad("its checksum does not match (the file is truncated or corrupted)."));
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            reader.ReadBytes(Magic.Length + 4);
            var header = JsonNode.Parse(reader.ReadBytes(reader.ReadInt32()))!.AsObject();
            int count = reader.ReadInt32();
            var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (int s = 0; s < count; s++)
            {
                string name = reader.ReadString();
                long length = reader.ReadInt64();
                sections[name] = reader.ReadBytes(checked((int)length));
            }
            return new Checkpoint(path, header, sections);
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or OverflowException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(Bad($"its structure is invalid ({e.Message})."), e);
        }
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }
}

/// <summary>A verified checkpoint in memory: its header and its sections.</summary>
public sealed class Checkpoint
{
    private readonly string _path;
    private readonly JsonObject _header;
    private readonly Dictionary<string, byte[]> _sections;

    internal Checkpoint(string path, JsonObject header, Dictionary<string, byte[]> sections)
    {
        _path = path;
        _header = header;
        _sections = sections;
        Algorithm = header["algorithm"]?.GetValue<string>() ?? throw Invalid("the header names no algorithm");
        ObservationSpace = header["observation_space"]?.GetValue<string>() ?? throw Invalid("the header has no observation_space");
        ActionSpace = header["action_space"]?.GetValue<string>() ?? throw Invalid("the header has no action_space");
        ObsDim = header["obs_dim"]?.GetValue<int>() ?? throw Invalid("the header has no obs_dim");
        var config = header["config"] as JsonObject ?? throw Invalid("the header has no config");
        Config = ConfigBinder.FromJson(Algorithm, (JsonObject)config.DeepClone());
        var counters = header["counters"] as JsonObject ?? throw Invalid("the header has no counters");
        GlobalStep = counters["global_step"]!.GetValue<long>();
        Updates = counters["updates"]!.GetValue<long>();
        Episodes = counters["episodes"]!.GetValue<long>();
        TrainingSeconds = counters["training_seconds"]!.GetValue<double>();
        StepsToThreshold = counters["steps_to_threshold"]?.GetValue<long>();
        SecondsToThreshold = counters["seconds_to_threshold"]?.GetValue<double>();
        RecentReturns = counters["recent_returns"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        foreach (var required in new[] { "policy", "optimizer", "generators", "normalizers", "runner" })
            if (!sections.ContainsKey(required)) throw Invalid($"the section '{required}' is missing");
    }

    /// <summary>The file it was read from.</summary>
    public string Path => _path;
    public string Algorithm { get; }
    public string ObservationSpace { get; }
    public string ActionSpace { get; }
    public int ObsDim { get; }
    public AgentConfig Config { get; }
    public long GlobalStep { get; }
    public long Updates { get; }
    public long Episodes { get; }
    public double TrainingSeconds { get; }
    public long? StepsToThreshold { get; }
    public double? SecondsToThreshold { get; }
    public double[] RecentReturns { get; }

    /// <summary>The envs' snapshots (see the format above), when the checkpoint was saved with them.</summary>
    public byte[]? EnvState => _sections.GetValueOrDefault("env_state");

    /// <summary>The header as JSON text (for display).</summary>
    public string HeaderJson => _header.ToJsonString(ConfigBinder.JsonOptions);

    private InvalidDataException Invalid(string why) => new($"'{_path}' is not a usable DotGym agent checkpoint: {why}.");

    /// <summary>Throws when the agent cannot take this checkpoint's state, naming the mismatch.</summary>
    internal void EnsureMatches(Agent agent)
    {
        string Mismatch(string what, object file, object here) =>
            $"The checkpoint '{_path}' does not fit this agent: {what} is {file} in the file but {here} here.";
        if (Algorithm != agent.Algorithm) throw new InvalidDataException(Mismatch("the algorithm", Algorithm, agent.Algorithm));
        if (ObservationSpace != agent.ObservationSpace.ToString()) throw new InvalidDataException(Mismatch("the observation space", ObservationSpace, agent.ObservationSpace));
        if (ActionSpace != agent.ActionSpace.ToString()) throw new InvalidDataException(Mismatch("the action space", ActionSpace, agent.ActionSpace));
        if (ObsDim != agent.ObsDim) throw new InvalidDataException(Mismatch("the observation size", ObsDim, agent.ObsDim));
        if (!Config.HiddenSizes.SequenceEqual(agent.Config.HiddenSizes))
            throw new InvalidDataException(Mismatch("hidden_sizes", $"[{string.Join(", ", Config.HiddenSizes)}]", $"[{string.Join(", ", agent.Config.HiddenSizes)}]"));
        if (Config.Activation != agent.Config.Activation) throw new InvalidDataException(Mismatch("activation", Config.Activation, agent.Config.Activation));
        if (Config.NormalizeObservations != agent.Config.NormalizeObservations) throw new InvalidDataException(Mismatch("normalize_observations", Config.NormalizeObservations, agent.Config.NormalizeObservations));
        if (Config.NormalizeRewards != agent.Config.NormalizeRewards) throw new InvalidDataException(Mismatch("normalize_rewards", Config.NormalizeRewards, agent.Config.NormalizeRewards));
        if (Config.UseSde != agent.Config.UseSde) throw new InvalidDataException(Mismatch("use_sde", Config.UseSde, agent.Config.UseSde));
    }

    /// <summary>Restores weights, optimizer, generators, normalisers and counters (not the env pool).</summary>
    internal void RestoreInto(Agent agent)
    {
        using (var reader = Reader("policy")) agent.Policy.Network.Module.load(reader, strict: true);
        using (var reader = Reader("optimizer")) agent.Optimizer.load_state_dict(reader);
        using (var reader = Reader("generators"))
        {
            foreach (var g in new[] { agent.SampleGenerator, agent.ShuffleGenerator, agent.PredictGenerator })
            {
                var bytes = reader.ReadBytes(reader.ReadInt32());
                using var state = tensor(bytes, dtype: ScalarType.Byte);
                g.set_state(state);
            }
        }
        using (var reader = Reader("normalizers"))
        {
            if (reader.ReadBoolean()) agent.ObservationNormalizer!.Statistics.LoadState(reader, "observation normaliser");
            if (reader.ReadBoolean()) agent.RewardNormalizer!.Read(reader);
        }
        agent.RestoreCounters(GlobalStep, Updates, Episodes, TrainingSeconds, StepsToThreshold, SecondsToThreshold, RecentReturns);
    }

    /// <summary>
    /// Restores the runner's bookkeeping and the vector env's state when the file holds it (and the env can take it);
    /// returns false when it does not, so the caller starts fresh episodes instead.
    /// </summary>
    internal bool RestoreEnvs(Agent agent)
    {
        if (EnvState is null || !agent.CanSnapshotEnvs) return false;
        using (var reader = Reader("env_state")) agent.Runner.Env.LoadState(reader);
        using (var reader = Reader("runner")) agent.Runner.ReadState(reader);
        return true;
    }

    private BinaryReader Reader(string section) => new(new MemoryStream(_sections[section]), Encoding.UTF8);
}
