using DotGym.Text.Tokenization;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>
/// How the RLHF stages turn text into model inputs: a prompt is <c>[BOS] + ids(prompt)</c>; a training sequence is
/// <c>[BOS] + ids(prompt + completion) + [EOS]</c>; a response is the generated ids up to (not including) EOS.
/// Completions carry their own leading space ("the plot" + " was great"), so prompt + response is the whole text.
/// </summary>
public sealed class TextCodec(ITokenizer tokenizer, int contextLength)
{
    public ITokenizer Tokenizer { get; } = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
    public int ContextLength { get; } = contextLength;

    public int[] PromptIds(string prompt)
    {
        var ids = Prepend(Tokenizer.BosId, Tokenizer.Encode(prompt));
        if (ids.Length >= ContextLength)
            throw new ArgumentException($"The prompt \"{prompt}\" takes {ids.Length} tokens, which leaves no room to generate in a context of {ContextLength}; shorten it or raise context_length.", nameof(prompt));
        return ids;
    }

    public int[] SequenceIds(string prompt, string completion)
    {
        var ids = Prepend(Tokenizer.BosId, Tokenizer.Encode(prompt + completion)).Append(Tokenizer.EosId).ToArray();
        if (ids.Length > ContextLength)
            throw new ArgumentException($"The demonstration \"{prompt}{completion}\" takes {ids.Length} tokens, more than the context of {ContextLength}.", nameof(completion));
        return ids;
    }

    /// <summary>A left-padded batch of prompts: ids and mask <c>[B, P]</c>.</summary>
    public (Tensor Ids, Tensor Mask) PromptBatch(IReadOnlyList<string> prompts, Device device) =>
        LeftPaddedBatch.From(prompts.Select(PromptIds).ToList(), Tokenizer.PadId, device);

    /// <summary>The text of a generated row (EOS and pads dropped).</summary>
    public string Response(ReadOnlySpan<long> generated)
    {
        var ids = new List<int>(generated.Length);
        foreach (var id in generated)
        {
            if (id == Tokenizer.EosId) break;
            if (id == Tokenizer.PadId || id == Tokenizer.BosId) continue;
            ids.Add((int)id);
        }
        return Tokenizer.Decode(ids.ToArray());
    }

    private static int[] Prepend(int first, int[] rest)
    {
        var ids = new int[rest.Length + 1];
        ids[0] = first;
        rest.CopyTo(ids, 1);
        return ids;
    }
}
