using DotGym.Rlhf.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.RewardModels;

/// <summary>
/// A <see cref="LinearTextScorer"/> as one safetensors file: <c>weight</c> <c>[1, D]</c>, <c>bias</c> <c>[1]</c>, and
/// metadata naming the format and the feature hashing, so a file made with other features is refused rather than
/// silently scoring with the wrong buckets. Written atomically.
/// </summary>
public static class LinearTextScorerFile
{
    private const string FormatKey = "format";
    private const string FormatValue = "dotgym-linear-text-scorer";
    private const string FeaturesKey = "features";
    private const string DimensionsKey = "dimensions";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (a temporary file, then a rename).</summary>
    public static void Save(LinearTextScorer model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var state = model.state_dict();
        SafeTensorsTorch.Save(path, new Dictionary<string, Tensor> { ["weight"] = state["linear.weight"], ["bias"] = state["linear.bias"] },
            new Dictionary<string, string>
            {
                [FormatKey] = FormatValue,
                [FeaturesKey] = HashedNgramFeatures.Version,
                [DimensionsKey] = model.Features.Dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a clear error for a missing, foreign or mismatched file.</summary>
    public static LinearTextScorer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No reward model at '{path}'. Train one first (dotgym rlhf rm --out <run folder>).", path);
        var (tensors, metadata) = SafeTensorsTorch.Load(path);
        try
        {
            if (metadata.GetValueOrDefault(FormatKey) != FormatValue)
                throw new InvalidDataException($"'{path}' is not a DotGym linear reward model (its metadata format is '{metadata.GetValueOrDefault(FormatKey)}').");
            if (metadata.GetValueOrDefault(FeaturesKey) != HashedNgramFeatures.Version)
                throw new InvalidDataException($"'{path}' was trained on features '{metadata.GetValueOrDefault(FeaturesKey)}', but this DotGym computes '{HashedNgramFeatures.Version}'; retrain it with dotgym rlhf rm.");
            if (!int.TryParse(metadata.GetValueOrDefault(DimensionsKey), System.Globalization.CultureInfo.InvariantCulture, out int dimensions) || dimensions < 16)
                throw new InvalidDataException($"'{path}' has no valid '{DimensionsKey}' entry in its metadata.");
            if (!tensors.TryGetValue("weight", out var weight) || !tensors.TryGetValue("bias", out var bias) ||
                !weight.shape.SequenceEqual(new long[] { 1, dimensions }) || !bias.shape.SequenceEqual(new long[] { 1 }))
                throw new InvalidDataException($"'{path}' must hold weight [1, {dimensions}] and bias [1]; its tensors are " +
                    string.Join(", ", tensors.Select(t => $"{t.Key} [{string.Join(", ", t.Value.shape)}]")) + ".");
            var model = new LinearTextScorer(new HashedNgramFeatures(dimensions), seed: 0);
            using (no_grad())
            {
                var state = model.state_dict();
                state["linear.weight"].copy_(weight);
                state["linear.bias"].copy_(bias);
            }
            return model;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
