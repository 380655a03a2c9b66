using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// A categorical distribution given by unnormalised logits over the last dimension (PyTorch's
/// <c>Categorical(logits=...)</c>). Masked actions get logit -1e8 (CleanRL's invalid-action masking), so their
/// probability is exactly 0 in float32 and they contribute nothing to the entropy.
/// </summary>
public static class Categorical
{
    /// <summary>Logit given to an illegal action.</summary>
    public const double MaskedLogit = -1e8;

    /// <summary>Replaces logits of illegal actions (<paramref name="mask"/> false, or 0 for a numeric mask) by <see cref="MaskedLogit"/>.</summary>
    public static Tensor Mask(Tensor logits, Tensor? mask) =>
        mask is null ? logits : logits.masked_fill(mask.dtype == ScalarType.Bool ? mask.logical_not() : mask.eq(0), MaskedLogit);

    /// <summary>log p(index): <c>log_softmax(logits)[index]</c>.</summary>
    public static Tensor LogProb(Tensor logits, Tensor index) =>
        logits.log_softmax(-1).gather(-1, index.unsqueeze(-1)).squeeze(-1);

    /// <summary>Entropy <c>-sum p log p</c>.</summary>
    public static Tensor Entropy(Tensor logits)
    {
        var logP = logits.log_softmax(-1);
        return -(logP.exp() * logP).sum(-1);
    }

    /// <summary>Draws one index per row with <paramref name="generator"/> (inverse-CDF sampling via multinomial).</summary>
    public static Tensor Sample(Tensor logits, Generator generator) =>
        logits.softmax(-1).multinomial(1, true, generator).squeeze(-1);

    /// <summary>The most likely index per row (the deterministic action).</summary>
    public static Tensor Mode(Tensor logits) => logits.argmax(-1);
}

/// <summary>
/// A diagonal Gaussian with a state-independent log standard deviation (CleanRL's continuous PPO):
/// <c>log p(a) = sum_i [ -(a_i - mu_i)^2 / (2 sigma_i^2) - log sigma_i - log(2 pi) / 2 ]</c>,
/// <c>H = sum_i [ 1/2 + log(2 pi) / 2 + log sigma_i ]</c>.
/// </summary>
public static class DiagonalGaussian
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    public static Tensor LogProb(Tensor mean, Tensor logStd, Tensor action)
    {
        var z = (action - mean) * (-logStd).exp();
        return (-0.5 * z.square() - logStd - HalfLog2Pi).sum(-1);
    }

    /// <summary>Entropy per row; it does not depend on the mean, so it is broadcast to the batch of <paramref name="mean"/>.</summary>
    public static Tensor Entropy(Tensor mean, Tensor logStd) => (0.5 + HalfLog2Pi + logStd).expand_as(mean).sum(-1);

    /// <summary><c>mean + sigma * N(0, 1)</c> with noise from <paramref name="generator"/>.</summary>
    public static Tensor Sample(Tensor mean, Tensor logStd, Generator generator) =>
        mean + logStd.exp() * randn(mean.shape, dtype: mean.dtype, device: mean.device, generator: generator);
}

/// <summary>
/// gSDE's Gaussian (Raffin et al. 2021, SB3's <c>StateDependentNoiseDistribution</c> with full_std and
/// learn_features=False): the action is <c>mean + f · W</c>, with <c>f</c> the actor's features <c>[B, F]</c> and
/// <c>W ~ N(0, sigma^2)</c> a <c>[F, A]</c> matrix per env, <c>sigma = exp(log_std)</c>. Over W the action is
/// Gaussian with per-row variance <c>f^2 · sigma^2</c>, the distribution whose log-probabilities and entropy the
/// losses use (<see cref="DiagonalGaussian"/> with that row's log std).
/// </summary>
public static class StateDependentNoise
{
    /// <summary>Added to the variance so that zero features still give a proper distribution (SB3's epsilon).</summary>
    public const double VarianceEpsilon = 1e-6;

    /// <summary>The per-row log standard deviation <c>[B, A]</c>: <c>log sqrt(f^2 · exp(log_std)^2 + eps) </c>, no gradient into <paramref name="features"/>.</summary>
    public static Tensor RowLogStd(Tensor features, Tensor logStd) =>
        0.5 * (features.detach().square().mm((2 * logStd).exp()) + VarianceEpsilon).log();

    /// <summary>One noise matrix <c>[F, A]</c> per row of a <c>[rows, F, A]</c> tensor: <c>exp(log_std) * N(0, 1)</c> from <paramref name="generator"/>.</summary>
    public static Tensor SampleWeights(Tensor logStd, int rows, Generator generator)
    {
        using var noGrad = no_grad();
        var std = logStd.detach().exp();
        return std * randn([rows, std.shape[0], std.shape[1]], dtype: std.dtype, device: std.device, generator: generator);
    }

    /// <summary>Row i's exploration noise <c>f_i · W_i</c>, shape <c>[B, A]</c> (<paramref name="weights"/>: <c>[B, F, A]</c>).</summary>
    public static Tensor Noise(Tensor features, Tensor weights) => features.detach().unsqueeze(1).bmm(weights).squeeze(1);
}
