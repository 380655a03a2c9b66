using System.Text.RegularExpressions;
using DotGym.Rlhf.SafeTensors;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Checkpoints;

/// <summary>
/// Reads and writes GPT-2's (Hugging Face) parameter naming: <c>wte.weight</c>, <c>wpe.weight</c>,
/// <c>h.{i}.ln_1.*</c>, <c>h.{i}.attn.c_attn.*</c>, <c>h.{i}.attn.c_proj.*</c>, <c>h.{i}.ln_2.*</c>,
/// <c>h.{i}.mlp.c_fc.*</c>, <c>h.{i}.mlp.c_proj.*</c>, <c>ln_f.*</c>, optionally prefixed <c>transformer.</c>.
/// GPT-2's projections are Conv1D modules whose weight is [in, out], the transpose of a Linear's, so those four
/// weights are transposed on the way in and out.
/// </summary>
public static partial class Gpt2Weights
{
    private const string TransformerPrefix = "transformer.";
    private const string LmHead = "lm_head.weight";

    /// <summary>True for the Conv1D weights (stored [in, out]).</summary>
    public static bool IsConv1DWeight(string name) => Conv1DWeight().IsMatch(name);

    /// <summary>The model's parameters under GPT-2 names and layout, as detached CPU copies the caller owns.</summary>
    public static Dictionary<string, Tensor> Export(Gpt model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.state_dict())
        {
            using var detached = parameter.detach();
            using var cpu = detached.cpu();
            result[name] = IsConv1DWeight(name) ? cpu.t().contiguous() : cpu.clone();
        }
        return result;
    }

    /// <summary>Writes <see cref="Export"/> to a safetensors file (atomically), with <c>format: pt</c> metadata as GPT-2's files have.</summary>
    public static void SaveSafeTensors(Gpt model, string path)
    {
        var tensors = Export(model);
        try
        {
            SafeTensorsTorch.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Loads a GPT-2-named state dict into <paramref name="model"/>. The <c>transformer.</c> prefix is optional; GPT-2's
    /// non-parameter attention buffers (<c>h.{i}.attn.bias</c>, <c>h.{i}.attn.masked_bias</c>) and, for a tied model,
    /// <c>lm_head.weight</c> (a copy of <c>wte.weight</c>) are ignored. Missing, unknown or mis-shaped tensors are errors
    /// naming the tensor (and both shapes), and nothing is changed then.
    /// </summary>
    public static void Load(Gpt model, IReadOnlyDictionary<string, Tensor> stateDict, string source = "GPT-2 state dict")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stateDict);
        var renamed = new Dictionary<string, Tensor>();
        var original = new Dictionary<string, string>();
        foreach (var (key, tensor) in stateDict)
        {
            string name = key.StartsWith(TransformerPrefix, StringComparison.Ordinal) ? key[TransformerPrefix.Length..] : key;
            if (AttentionBuffer().IsMatch(name) || (name == LmHead && model.Config.TieWeights)) continue;
            if (!renamed.TryAdd(name, tensor))
                throw new InvalidDataException($"{source} holds '{name}' twice (with and without the '{TransformerPrefix}' prefix).");
            original[name] = key;
        }
        StateDictCopy.Copy(model.state_dict(), renamed, IsConv1DWeight, name => original.GetValueOrDefault(name, name),
            $"{source} (for a model with {Describe(model.Config)})");
    }

    /// <summary>Loads a GPT-2-named safetensors file (F32, F16 or BF16) into <paramref name="model"/>.</summary>
    public static void LoadSafeTensors(Gpt model, string path)
    {
        var (tensors, _) = SafeTensorsTorch.Load(path);
        try
        {
            Load(model, tensors, $"GPT-2 checkpoint '{path}'");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    internal static string Describe(GptConfig c) =>
        $"vocab_size {c.VocabSize}, context_length {c.ContextLength}, n_layer {c.Layers}, n_head {c.Heads}, n_embd {c.EmbeddingDim}";

    [GeneratedRegex(@"^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$")]
    private static partial Regex Conv1DWeight();

    [GeneratedRegex(@"^h\.\d+\.attn\.(bias|masked_bias)$")]
    private static partial Regex AttentionBuffer();
}
