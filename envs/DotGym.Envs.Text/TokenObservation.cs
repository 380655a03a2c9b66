using DotGym.Spaces;

namespace DotGym.Envs.Text;

/// <summary>
/// The observation of <see cref="TokenGenerationEnv"/>: a <see cref="DictSpace"/> element with Hugging Face's names,
/// chosen so the env checker can copy and compare it (dictionaries of arrays) and a transformer policy can read it
/// without conversion:
/// <list type="bullet">
/// <item><c>"input_ids"</c>: <c>int[ContextLength]</c> (a <see cref="MultiDiscrete"/> over the vocabulary): the
/// prompt (after an optional begin-of-sequence token), then the generated tokens, then padding.</item>
/// <item><c>"attention_mask"</c>: <c>byte[ContextLength]</c> (<see cref="MultiBinary"/>): 1 on real tokens, 0 on padding.</item>
/// <item><c>"response_start"</c>: <c>int</c> (<see cref="Discrete"/> of size ContextLength + 1): the position of the
/// first generated token (the prompt's length). The next token's logits are those at position <c>Length - 1</c>.</item>
/// </list>
/// Read it typed with <see cref="From"/>.
/// </summary>
/// <param name="InputIds">The token buffer (a view of the env's array).</param>
/// <param name="AttentionMask">1 for real tokens, 0 for padding.</param>
/// <param name="ResponseStart">Position of the first generated token.</param>
public readonly record struct TokenObservation(int[] InputIds, byte[] AttentionMask, int ResponseStart)
{
    /// <summary>Key of the token ids.</summary>
    public const string InputIdsKey = "input_ids";
    /// <summary>Key of the attention mask.</summary>
    public const string AttentionMaskKey = "attention_mask";
    /// <summary>Key of the response start.</summary>
    public const string ResponseStartKey = "response_start";

    /// <summary>Number of real (non-padding) tokens.</summary>
    public int Length
    {
        get
        {
            int n = 0;
            foreach (var m in AttentionMask) n += m;
            return n;
        }
    }

    /// <summary>The typed view of a <see cref="TokenGenerationEnv"/> observation (no copy).</summary>
    public static TokenObservation From(IReadOnlyDictionary<string, object> observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.TryGetValue(InputIdsKey, out var ids) && ids is int[] inputIds &&
            observation.TryGetValue(AttentionMaskKey, out var mask) && mask is byte[] attention &&
            observation.TryGetValue(ResponseStartKey, out var start) && start is int responseStart)
            return new TokenObservation(inputIds, attention, responseStart);
        throw new ArgumentException(
            $"Not a token observation: it needs \"{InputIdsKey}\" (int[]), \"{AttentionMaskKey}\" (byte[]) and \"{ResponseStartKey}\" (int); got keys [{string.Join(", ", observation.Keys)}].",
            nameof(observation));
    }

    /// <summary>The observation space for <paramref name="vocabSize"/> tokens in a context of <paramref name="contextLength"/>.</summary>
    public static DictSpace Space(int vocabSize, int contextLength)
    {
        var nvec = new int[contextLength];
        Array.Fill(nvec, vocabSize);
        return new DictSpace(
            (InputIdsKey, new MultiDiscrete(nvec)),
            (AttentionMaskKey, new MultiBinary(contextLength)),
            (ResponseStartKey, new Discrete(contextLength + 1)));
    }
}
