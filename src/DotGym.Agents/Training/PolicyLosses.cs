using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>The loss terms of the policy-gradient learners, as tensor functions (each one named in the algorithms).</summary>
public static class PolicyLosses
{
    /// <summary>
    /// PPO's clipped surrogate (to minimise): <c>mean(max(-A * ratio, -A * clip(ratio, 1 - eps, 1 + eps)))</c> with
    /// <c>ratio = exp(logp_new - logp_old)</c>.
    /// </summary>
    public static Tensor ClippedSurrogate(Tensor ratio, Tensor advantages, double clipCoef)
    {
        var unclipped = -advantages * ratio;
        var clipped = -advantages * ratio.clamp(1 - clipCoef, 1 + clipCoef);
        return maximum(unclipped, clipped).mean();
    }

    /// <summary>
    /// PPO's clipped value loss: <c>0.5 * mean(max((V - R)^2, (V_old + clip(V - V_old, -eps, eps) - R)^2))</c>.
    /// </summary>
    public static Tensor ClippedValueLoss(Tensor newValues, Tensor oldValues, Tensor returns, double clipCoef)
    {
        var unclipped = (newValues - returns).square();
        var clippedValues = oldValues + (newValues - oldValues).clamp(-clipCoef, clipCoef);
        var clipped = (clippedValues - returns).square();
        return 0.5 * maximum(unclipped, clipped).mean();
    }

    /// <summary>Plain value loss <c>0.5 * mean((V - R)^2)</c>.</summary>
    public static Tensor ValueLoss(Tensor newValues, Tensor returns) => 0.5 * (newValues - returns).square().mean();

    /// <summary>Vanilla policy-gradient loss <c>-mean(logp * A)</c> (A2C, REINFORCE).</summary>
    public static Tensor PolicyGradient(Tensor logProb, Tensor advantages) => -(logProb * advantages).mean();

    /// <summary>
    /// Schulman's low-variance KL estimator <c>mean((ratio - 1) - log ratio)</c> (CleanRL's <c>approx_kl</c>).
    /// </summary>
    public static Tensor ApproxKl(Tensor logRatio) => ((logRatio.exp() - 1) - logRatio).mean();

    /// <summary>Fraction of samples whose ratio left <c>[1 - eps, 1 + eps]</c>.</summary>
    public static Tensor ClipFraction(Tensor ratio, double clipCoef) => (ratio - 1).abs().gt(clipCoef).to(ScalarType.Float32).mean();

    /// <summary>Advantages scaled to mean 0, std 1 (unbiased std + 1e-8, as CleanRL).</summary>
    public static Tensor Normalize(Tensor advantages) => (advantages - advantages.mean()) / (advantages.std() + 1e-8);
}
