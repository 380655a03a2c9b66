using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Checkpoints;

/// <summary>
/// Copies named tensors into a model's parameters, strictly: every parameter must be supplied, nothing unknown may be
/// left over, and every shape must match. A checkpoint that loads only partly would give a model that runs and is wrong.
/// </summary>
internal static class StateDictCopy
{
    /// <param name="target">The model's own state (name → parameter), e.g. <c>module.state_dict()</c>.</param>
    /// <param name="source">The checkpoint's tensors, already renamed to the model's names.</param>
    /// <param name="transposed">Names whose checkpoint layout is the transpose of the parameter's ([in, out] vs [out, in]).</param>
    /// <param name="describe">Maps a model name back to the checkpoint's spelling, for error messages.</param>
    /// <param name="what">Says what is being loaded ("GPT-2 checkpoint 'x'") in error messages.</param>
    public static void Copy(
        IReadOnlyDictionary<string, Tensor> target,
        IReadOnlyDictionary<string, Tensor> source,
        Func<string, bool> transposed,
        Func<string, string> describe,
        string what)
    {
        var missing = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{what} lacks {missing.Count} tensor(s) the model needs: {string.Join(", ", missing.Select(describe))}.");
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (unexpected.Count > 0)
            throw new InvalidDataException($"{what} holds {unexpected.Count} tensor(s) the model does not have: {string.Join(", ", unexpected.Select(describe))}.");

        foreach (var (name, parameter) in target)
        {
            var tensor = source[name];
            long[] expected = transposed(name) ? [.. parameter.shape.Reverse()] : parameter.shape;
            if (!tensor.shape.SequenceEqual(expected))
                throw new InvalidDataException($"{what}: tensor '{describe(name)}' has shape [{string.Join(", ", tensor.shape)}], but the model expects [{string.Join(", ", expected)}].");
        }
        // Check everything before writing anything, so a rejected checkpoint leaves the model as it was.
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in target)
        {
            var tensor = source[name];
            using var oriented = transposed(name) ? tensor.t() : tensor.alias();
            parameter.copy_(oriented);
        }
    }
}
