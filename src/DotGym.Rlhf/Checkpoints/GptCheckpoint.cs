using DotGym.Rlhf.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Checkpoints;

/// <summary>
/// DotGym's own model folder: <c>config.json</c> (the <see cref="GptConfig"/>) and <c>model.safetensors</c> (the
/// parameters under the model's names, in PyTorch's layout). The folder is written complete under a temporary name and
/// then renamed into place, so a reader never sees a config without its weights or a half-written file.
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

    /// <summary>Writes the model folder at <paramref name="directory"/>, replacing an existing one.</summary>
    public static void Save(Gpt model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(directory);
        string target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(target)!;
        string name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            File.WriteAllText(Path.Combine(temp, ConfigFileName), model.Config.ToJson());
            SafeTensorsTorch.Save(Path.Combine(temp, WeightsFileName), model.state_dict(), new Dictionary<string, string>
            {
                [FormatKey] = FormatValue,
                [VersionKey] = Version,
            });
            ReplaceDirectory(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Reads a model folder written by <see cref="Save"/> into a new model on <paramref name="device"/> (CPU by default).</summary>
    public static Gpt Load(string directory, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string configPath = Path.Combine(directory, ConfigFileName);
        string weightsPath = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
            throw new FileNotFoundException($"'{directory}' is not a DotGym GPT folder: it needs {ConfigFileName} and {WeightsFileName}.", configPath);
        var config = GptConfig.FromJson(File.ReadAllText(configPath));
        var (tensors, metadata) = SafeTensorsTorch.Load(weightsPath);
        try
        {
            if (metadata.GetValueOrDefault(FormatKey) != FormatValue || metadata.GetValueOrDefault(VersionKey) != Version)
                throw new InvalidDataException($"'{weightsPath}' is not a {FormatValue} version {Version} file (its metadata says format '{metadata.GetValueOrDefault(FormatKey)}', version '{metadata.GetValueOrDefault(VersionKey)}'). For GPT-2 files use Gpt2Weights.LoadSafeTensors.");
            // The init is overwritten at once; a fixed local generator keeps construction off the global RNG.
            var model = Gpt.Create(config, seed: 0);
            StateDictCopy.Copy(model.state_dict(), tensors, _ => false, n => n, $"Checkpoint '{weightsPath}' (config: {Gpt2Weights.Describe(config)})");
            if (device is not null) model.to(device);
            return model;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

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
