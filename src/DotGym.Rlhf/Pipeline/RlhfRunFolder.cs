using System.Text.Json;
using DotGym.Rendering;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// The layout of one RLHF run folder, shared by every stage: each stage reads what earlier stages wrote (models under
/// their own folders, <c>reward/</c>, and a <c>STAGE.json</c> result) and writes its own. A stage whose input is missing
/// says which command makes it.
/// </summary>
public sealed class RlhfRunFolder
{
    /// <summary>The folder's stages in pipeline order (also their command names and result file names).</summary>
    public static readonly IReadOnlyList<string> Stages = ["sft", "rm", "ppo", "dpo", "grpo", "rloo"];

    public RlhfRunFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    public string Path { get; }

    /// <summary>The review model after SFT (the PPO and DPO start, and their frozen reference).</summary>
    public string SftModel => Combine("sft");
    /// <summary>The arithmetic model after SFT (the GRPO and RLOO start and reference).</summary>
    public string ArithmeticSftModel => Combine("arithmetic_sft");
    public string SentimentModel => Combine("reward", "sentiment.safetensors");
    public string PreferenceModel => Combine("reward", "preference.safetensors");
    /// <summary>The labeller's K-wise rankings the preference model and DPO learn from.</summary>
    public string Rankings => Combine("reward", "rankings.json");
    public string HeldOutRankings => Combine("reward", "held_out_rankings.json");
    public string TensorBoard => Combine("tensorboard");

    /// <summary>A stage's trained model folder (<c>ppo/</c>, <c>dpo/</c>, <c>grpo/</c>, <c>rloo/</c>).</summary>
    public string ModelOf(string stage) => Combine(stage);
    public string MetricsOf(string stage) => Combine($"metrics_{stage}.csv");
    public string ResultOf(string stage) => Combine($"{stage}.json");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// Records the seed and size profile of the folder's first stage in <c>run.json</c>, and refuses a later stage with
    /// other ones: its models and data would not belong together. Only a first stage (<paramref name="firstStage"/>:
    /// sft, or the whole pipeline) creates the record, so a stage that fails for missing inputs leaves nothing behind.
    /// </summary>
    public void EnsureSettings(long seed, string profile, bool firstStage)
    {
        string file = Combine("run.json");
        var wanted = new RunSettings(seed, profile);
        if (File.Exists(file))
        {
            var existing = JsonSerializer.Deserialize<RunSettings>(File.ReadAllText(file), Json);
            if (existing != wanted)
                throw new InvalidOperationException($"'{Path}' was started with --seed {existing?.Seed} ({existing?.Profile} sizes); this stage asks for " +
                    $"--seed {seed} ({profile} sizes). Use the same settings, or another --out for a new run.");
            return;
        }
        if (!firstStage) return;
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllText(file, JsonSerializer.Serialize(wanted, Json));
    }

    private sealed record RunSettings(long Seed, string Profile);

    /// <summary>Writes a stage's result atomically.</summary>
    public void WriteResult<T>(string stage, T result)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllText(ResultOf(stage), JsonSerializer.Serialize(result, Json));
    }

    /// <summary>Reads a stage's result, or says how to make it.</summary>
    public T ReadResult<T>(string stage)
    {
        string file = ResultOf(stage);
        if (!File.Exists(file)) throw MissingStage(stage, file);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Json) ?? throw new InvalidDataException($"'{file}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a valid {stage} result ({e.Message}); rerun: dotgym rlhf {stage} --out {Path}", e);
        }
    }

    /// <summary>Fails with the command to run when <paramref name="stage"/> has not written <paramref name="file"/>.</summary>
    public string Require(string stage, string file)
    {
        if (!File.Exists(file) && !Directory.Exists(file)) throw MissingStage(stage, file);
        return file;
    }

    private FileNotFoundException MissingStage(string stage, string file) =>
        new($"'{file}' does not exist: the {stage} stage has not run in '{Path}'. Run it first: dotgym rlhf {stage} --out {Path}{SettingsFlags()} " +
            "(or the whole pipeline: dotgym rlhf pipeline).", file);

    // The flags that repeat the folder's recorded settings, so the suggested command fits the folder.
    private string SettingsFlags()
    {
        string file = Combine("run.json");
        if (!File.Exists(file)) return "";
        try
        {
            var settings = JsonSerializer.Deserialize<RunSettings>(File.ReadAllText(file), Json);
            return settings is null ? "" : $" --seed {settings.Seed}{(settings.Profile == "quick" ? " --quick" : "")}";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
