using static TorchSharp.torch;

namespace DotGym.Rlhf.Objectives;

/// <summary>
/// The per-token quantities of PPO on generated sequences (Ziegler et al. 2019, TRL's <c>PPOTrainer</c>), over
/// <c>[B, T]</c> tensors of the response tokens, with a float mask that is 1 on real response tokens and 0 on padding
/// after end-of-sequence.
/// </summary>
public static class SequenceAdvantages
{
    /// <summary>
    /// Per-token rewards: <c>−β (log π(y_t) − log π_ref(y_t))</c> at every response token, plus the sequence's
    /// <paramref name="scores"/> at its last real token. Returns the rewards <c>[B, T]</c> and the per-token KL
    /// <c>log π − log π_ref</c> (masked), whose row sums are the per-sequence KL.
    /// </summary>
    public static (Tensor Rewards, Tensor Kl) TokenRewards(Tensor logProbs, Tensor refLogProbs, Tensor scores, Tensor mask, double beta)
    {
        CheckShapes(logProbs, mask, nameof(logProbs));
        CheckShapes(refLogProbs, mask, nameof(refLogProbs));
        if (scores.dim() != 1 || scores.shape[0] != mask.shape[0])
            throw new ArgumentException($"scores must be one value per sequence, shape [{mask.shape[0]}], got [{string.Join(", ", scores.shape)}].", nameof(scores));
        var kl = (logProbs - refLogProbs) * mask;
        var rewards = -beta * kl;
        var lengths = mask.sum(1).to(ScalarType.Int64);
        if (lengths.min().item<long>() < 1) throw new ArgumentException("Every sequence needs at least one response token (a row of the mask is all 0).", nameof(mask));
        var last = (lengths - 1).unsqueeze(1);
        rewards = rewards.scatter_add(1, last, scores.unsqueeze(1).to(rewards.dtype));
        return (rewards, kl);
    }

    /// <summary>
    /// Generalised advantage estimation along each sequence (γ and λ as in TRL: γ = 1, λ = 0.95), bootstrapping 0 after
    /// the last real token: <c>δ_t = r_t + γ V_{t+1} − V_t</c>, <c>A_t = δ_t + γλ A_{t+1}</c>; returns are <c>A + V</c>.
    /// Padding positions get advantage and return 0.
    /// </summary>
    public static (Tensor Advantages, Tensor Returns) Gae(Tensor rewards, Tensor values, Tensor mask, double gamma = 1.0, double lambda = 0.95)
    {
        CheckShapes(rewards, mask, nameof(rewards));
        CheckShapes(values, mask, nameof(values));
        long steps = rewards.shape[1];
        var maskedValues = values * mask;
        var advantages = new Tensor[steps];
        var next = zeros_like(rewards.select(1, 0));
        var nextValue = zeros_like(next);
        for (long t = steps - 1; t >= 0; t--)
        {
            var m = mask.select(1, t);
            var delta = rewards.select(1, t) + gamma * nextValue - maskedValues.select(1, t);
            next = (delta + gamma * lambda * next) * m;
            advantages[t] = next;
            nextValue = maskedValues.select(1, t);
        }
        var result = stack(advantages, 1);
        return (result, (result + maskedValues) * mask);
    }

    /// <summary>
    /// Whitening over the masked entries (TRL's <c>masked_whiten</c>): <c>(x − mean) / sqrt(var + 1e-8)</c>, with the
    /// unbiased variance; the mean is added back when <paramref name="shiftMean"/> is false. Padding stays 0.
    /// </summary>
    public static Tensor Whiten(Tensor values, Tensor mask, bool shiftMean = true)
    {
        CheckShapes(values, mask, nameof(values));
        var count = mask.sum();
        if (count.item<float>() < 2) throw new ArgumentException("Whitening needs at least two unmasked values.", nameof(mask));
        var mean = (values * mask).sum() / count;
        var variance = ((values - mean).square() * mask).sum() / (count - 1);
        var whitened = (values - mean) * rsqrt(variance + 1e-8);
        if (!shiftMean) whitened += mean;
        return whitened * mask;
    }

    private static void CheckShapes(Tensor values, Tensor mask, string name)
    {
        if (values.dim() != 2 || !values.shape.SequenceEqual(mask.shape))
            throw new ArgumentException($"{name} must have the mask's shape [{string.Join(", ", mask.shape)}] ([batch, response tokens]), got [{string.Join(", ", values.shape)}].", name);
    }
}
