using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Generation;

/// <summary>
/// Picks the next token from logits [B, V]: temperature, then top-k, then top-p (nucleus) filtering, then one draw per
/// row by inverting the CDF with a uniform from the caller's generator (exactly B uniforms per call, so two runs
/// that see the same logits consume the generator identically).
/// </summary>
public static class TokenSampler
{
    /// <summary>
    /// The sampled tokens [B] (int64) and their log-probabilities [B] under the distribution they were drawn from
    /// (after temperature and filtering). With <paramref name="temperature"/> 0 it is greedy (argmax) and the reported
    /// log-probabilities are those of softmax(logits), the temperature-1 distribution.
    /// </summary>
    /// <param name="logits">[B, V] scores.</param>
    /// <param name="temperature">0 for greedy, else a positive divisor of the logits.</param>
    /// <param name="topK">Keep the k highest logits (ties at the k-th are kept too); 0 disables.</param>
    /// <param name="topP">Keep the smallest set of most likely tokens whose probability sums to at least p; 1 disables.</param>
    /// <param name="generator">Source of the uniforms; required unless greedy.</param>
    public static (Tensor Tokens, Tensor LogProbs) Sample(Tensor logits, double temperature, int topK, double topP, Generator? generator)
    {
        Validate(temperature, topK, topP);
        using var scope = torch.NewDisposeScope();
        if (temperature == 0)
        {
            var greedy = logits.argmax(-1);
            return (greedy.MoveToOuterDisposeScope(), Gpt.TokenLogProbs(logits, greedy).MoveToOuterDisposeScope());
        }
        if (generator is null) throw new ArgumentNullException(nameof(generator), "Sampling (temperature > 0) needs a generator, so runs are reproducible.");
        var filtered = logits / temperature;
        if (topK > 0) filtered = TopK(filtered, topK);
        if (topP < 1) filtered = TopP(filtered, topP);
        var logProbs = filtered.log_softmax(-1);
        var cdf = logProbs.exp().cumsum(-1);
        // Scale the uniform by the CDF's last value: rounding can leave it a hair under 1, and u must stay below it
        // so the pick is always a token with positive probability.
        var u = torch.rand([logits.shape[0], 1], dtype: cdf.dtype, device: cdf.device, generator: generator) * cdf.narrow(-1, cdf.shape[^1] - 1, 1);
        var tokens = cdf.lt(u).sum(-1).clamp_max(logits.shape[^1] - 1);
        var picked = logProbs.gather(-1, tokens.unsqueeze(-1)).squeeze(-1);
        return (tokens.MoveToOuterDisposeScope(), picked.MoveToOuterDisposeScope());
    }

    /// <summary>Sets every logit below the k-th largest of its row to −∞.</summary>
    public static Tensor TopK(Tensor logits, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "top-k must be at least 1.");
        if (k >= logits.shape[^1]) return logits.clone();
        using var scope = torch.NewDisposeScope();
        var (values, _) = logits.topk(k, -1);
        var kth = values.narrow(-1, k - 1, 1);
        return logits.masked_fill(logits.lt(kth), float.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Keeps, per row, the smallest set of most likely tokens whose probabilities sum to at least p, and sets the rest
    /// to −∞. A token is dropped when the tokens ranked above it already reach p; the most likely token always stays.
    /// </summary>
    public static Tensor TopP(Tensor logits, double p)
    {
        if (!(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "top-p must be in (0, 1].");
        using var scope = torch.NewDisposeScope();
        var (sorted, order) = logits.sort(-1, descending: true);
        var probs = sorted.softmax(-1);
        var massAbove = probs.cumsum(-1) - probs;
        var drop = massAbove.ge(p);
        var keptSorted = sorted.masked_fill(drop, float.NegativeInfinity);
        return logits.scatter(-1, order, keptSorted).MoveToOuterDisposeScope();
    }

    internal static void Validate(double temperature, int topK, double topP)
    {
        if (!(temperature >= 0) || !double.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be 0 (greedy) or a positive finite number.");
        if (topK < 0) throw new ArgumentOutOfRangeException(nameof(topK), topK, "top-k must be 0 (off) or positive.");
        if (!(topP > 0 && topP <= 1)) throw new ArgumentOutOfRangeException(nameof(topP), topP, "top-p must be in (0, 1]; 1 turns it off.");
    }
}
