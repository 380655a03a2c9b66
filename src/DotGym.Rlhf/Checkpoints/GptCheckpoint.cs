using DotGym.Rlhf.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Checkpoints;

/// <summary>
/// DotGym's own model folder: <c>config.json</c> (the <see cref="GptConfig"/>) and <c>model.safetensors</c> (the
/// parameters under the model's names, in PyTorch's layout; with a value head, <c>transformer.*</c> and <c>v_head.*</c>).
/// The folder is written complete under a temporary name and then renamed into place, so a reader never sees a config
/// without its weights or a half-written file.
/// </summary>
public static class GptCheckpoint
{
    /// <summary>The config file inside a model folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The weights file inside a model folder.</summary>
    public const string WeightsFileName = "model.safetensors";

    private const string FormatKey = "format";
    private const string FormatValue = "dotgym-gpt";
    private const string VersionKey = "format_version";
    private const string Version = "1";
    private const string ValueHeadKey = "value_head";
    private const string TrunkPrefix = "transformer.";
    private const string HeadPrefix = "v_head.";

    /// <summary>Writes a language model's folder at <paramref name="directory"/>, replacing an existing one.</summary>
    public static void Save(Gpt model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveFolder(model.Config, model.state_dict(), hasValueHead: false, directory);
    }

    /// <summary>Writes a policy-with-critic or reward model's folder (trunk and value head), replacing an existing one.</summary>
    public static void Save(GptWithValueHead model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveFolder(model.Model.Config, model.state_dict(), hasValueHead: true, directory);
    }

    /// <summary>
    /// Reads a folder written by <see cref="Save(Gpt, string)"/> into a new model on <paramref name="device"/> (CPU by
    /// default). From a folder with a value head it takes the trunk only (for example a reward model's trunk to start
    /// a critic from).
    /// </summary>
    public static Gpt Load(string directory, Device? device = null)
    {
        var (config, tensors, hasValueHead, weightsPath) = ReadFolder(directory);
        try
        {
            var trunk = hasValueHead
                ? tensors.Where(kv => kv.Key.StartsWith(TrunkPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[TrunkPrefix.Length..], kv => kv.Value)
                : tensors;
            var model = NewModel(config);
            StateDictCopy.Copy(model.state_dict(), trunk, _ => false, n => hasValueHead ? TrunkPrefix + n : n, Describe(weightsPath, config));
            if (device is not null) model.to(device);
            return model;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Reads a folder written by <see cref="Save(GptWithValueHead, string)"/> (it must hold a value head).</summary>
    public static GptWithValueHead LoadWithValueHead(string directory, Device? device = null)
    {
        var (config, tensors, hasValueHead, weightsPath) = ReadFolder(directory);
        try
        {
            if (!hasValueHead)
                throw new InvalidDataException($"'{weightsPath}' holds a language model without a value head; load it with Load and wrap it in a new GptWithValueHead.");
            using var generator = new Generator(0); // the head's init is overwritten at once
            var model = new GptWithValueHead(NewModel(config), generator);
            StateDictCopy.Copy(model.state_dict(), tensors, _ => false, n => n, Describe(weightsPath, config));
            if (device is not null) model.to(device);
            return model;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static void SaveFolder(GptConfig config, IReadOnlyDictionary<string, Tensor> state, bool hasValueHead, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(target)!;
        string name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            File.WriteAllText(Path.Combine(temp, ConfigFileName), config.ToJson());
            SafeTensorsTorch.Save(Path.Combine(temp, WeightsFileName), state, new Dictionary<string, string>
            {
                [FormatKey] = FormatValue,
                [VersionKey] = Version,
                [ValueHeadKey] = hasValueHead ? "true" : "false",
            });
            ReplaceDirectory(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    private static (GptConfig Config, Dictionary<string, Tensor> Tensors, bool HasValueHead, string WeightsPath) ReadFolder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string configPath = Path.Combine(directory, ConfigFileName);
        string weightsPath = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
            throw new FileNotFoundException($"'{directory}' is not a DotGym GPT folder: it needs {ConfigFileName} and {WeightsFileName}.", configPath);
        var config = GptConfig.FromJson(File.ReadAllText(configPath));
        var (tensors, metadata) = SafeTensorsTorch.Load(weightsPath);
        if (metadata.GetValueOrDefault(FormatKey) != FormatValue || metadata.GetValueOrDefault(VersionKey) != Version)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new InvalidDataException($"'{weightsPath}' is not a {FormatValue} version {Version} file (its metadata says format '{metadata.GetValueOrDefault(FormatKey)}', version '{metadata.GetValueOrDefault(VersionKey)}'). For GPT-2 files use Gpt2Weights.LoadSafeTensors.");
        }
        bool hasValueHead = metadata.GetValueOrDefault(ValueHeadKey) == "true";
        return (config, tensors, hasValueHead, weightsPath);
    }

    // The init is overwritten at once; a fixed local generator keeps construction off the global RNG.
    private static Gpt NewModel(GptConfig config) => Gpt.Create(config, seed: 0);

    private static string Describe(string weightsPath, GptConfig config) => $"Checkpoint '{weightsPath}' (config: {Gpt2Weights.Describe(config)})";

    private static void ReplaceDirectory(string completed, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(completed, target);
            return;
        }
        // Two renames: the old folder steps aside, the new one takes its name. Only between them is the name absent.
        string old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
        Directory.Move(target, old);
        Directory.Move(completed, target);
        Directory.Delete(old, recursive: true);
    }
}
