using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>
/// Return and advantage estimators on host arrays. Rollouts are laid out time-major, <c>[t * numEnvs + i]</c>, in the
/// next-step autoreset form of <c>EnvPool</c>: a step flagged as not a transition (an autoreset) holds the new episode's
/// reset; the value stored for it is V(final observation of the previous episode).
/// </summary>
public static class Advantages
{
    /// <summary>
    /// Generalised Advantage Estimation (Schulman et al. 2016), as in CleanRL but with truncation handled properly:
    /// <code>
    /// delta_t = r_t + gamma * V(s_{t+1}) * (1 - terminated_t) - V(s_t)
    /// A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}        done = terminated or truncated
    /// </code>
    /// so a terminated episode bootstraps with 0 and a truncated one with V(final observation), and the recursion never
    /// crosses an episode boundary. V(s_{t+1}) is <c>values[t+1]</c>, or <paramref name="lastValues"/> after the last step.
    /// Non-transitions get advantage 0 and return 0. lambda = 1 gives bootstrapped n-step returns (A2C);
    /// returns are <c>A_t + V(s_t)</c> (the critic's targets).
    /// </summary>
    public static void Gae(ReadOnlySpan<double> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> lastValues,
        ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, ReadOnlySpan<bool> isTransition, int numEnvs,
        double gamma, double lambda, Span<float> advantages, Span<float> returns)
    {
        int steps = rewards.Length / numEnvs;
        if (rewards.Length != steps * numEnvs || values.Length != rewards.Length || lastValues.Length != numEnvs ||
            terminated.Length != rewards.Length || truncated.Length != rewards.Length || isTransition.Length != rewards.Length ||
            advantages.Length != rewards.Length || returns.Length != rewards.Length)
            throw new ArgumentException("GAE inputs must all hold steps x numEnvs values (lastValues: numEnvs).");
        for (int i = 0; i < numEnvs; i++)
        {
            double nextAdvantage = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * numEnvs + i;
                if (!isTransition[k])
                {
                    advantages[k] = 0;
                    returns[k] = 0;
                    nextAdvantage = 0;
                    continue;
                }
                double nextValue = t == steps - 1 ? lastValues[i] : values[k + numEnvs];
                double bootstrap = terminated[k] ? 0 : gamma * nextValue;
                double delta = rewards[k] + bootstrap - values[k];
                bool episodeContinues = !terminated[k] && !truncated[k];
                double advantage = delta + (episodeContinues ? gamma * lambda * nextAdvantage : 0);
                advantages[k] = (float)advantage;
                returns[k] = (float)(advantage + values[k]);
                nextAdvantage = advantage;
            }
        }
    }

    /// <summary>
    /// <see cref="Gae(ReadOnlySpan{double}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{bool}, ReadOnlySpan{bool}, ReadOnlySpan{bool}, int, double, double, Span{float}, Span{float})"/>
    /// on the device, for same-step rollouts where every step is a transition: all inputs are float32 <c>[T, N]</c>,
    /// <paramref name="nextValues"/> is V(s_{t+1}) with V(final observation) where the episode was truncated, and
    /// <paramref name="terminated"/> / <paramref name="done"/> are 0/1. The deltas are one batched expression; the
    /// recursion is one in-place multiply-add per step, back to front. Returns (advantages, returns).
    /// </summary>
    public static (Tensor Advantages, Tensor Returns) Gae(Tensor rewards, Tensor values, Tensor nextValues, Tensor terminated, Tensor done,
        double gamma, double lambda)
    {
        var advantages = nextValues.mul(terminated.neg().add_(1)).mul_(gamma).add_(rewards).sub_(values);
        var discount = done.neg().add_(1).mul_(gamma * lambda);
        for (long t = advantages.shape[0] - 2; t >= 0; t--)
            advantages[t].addcmul_(discount[t], advantages[t + 1], 1);
        return (advantages, advantages.add(values));
    }

    /// <summary>
    /// Discounted reward-to-go of one episode, <c>G_t = r_t + gamma * G_{t+1}</c> with <c>G_T = bootstrap</c>
    /// (0 for a terminated episode; V(final observation) or 0 for a truncated one).
    /// </summary>
    public static void DiscountedReturns(ReadOnlySpan<double> rewards, double gamma, double bootstrap, Span<double> returns)
    {
        if (returns.Length != rewards.Length) throw new ArgumentException("returns must have one entry per reward.", nameof(returns));
        double g = bootstrap;
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            g = rewards[t] + gamma * g;
            returns[t] = g;
        }
    }

    /// <summary>
    /// <c>1 - Var[y - y_pred] / Var[y]</c>: 1 = the critic explains the returns perfectly, 0 = no better than a constant,
    /// negative = worse; NaN when the returns have no variance (CleanRL's convention).
    /// </summary>
    public static double ExplainedVariance(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (actual.Length == 0) return double.NaN;
        double varY = Variance(actual, default), varDiff = Variance(actual, predicted);
        return varY == 0 ? double.NaN : 1 - varDiff / varY;
    }

    // Population variance of a (or of a - b when b is given).
    private static double Variance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double mean = 0;
        for (int k = 0; k < a.Length; k++) mean += a[k] - (b.IsEmpty ? 0 : b[k]);
        mean /= a.Length;
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - (b.IsEmpty ? 0 : b[k]) - mean;
            sum += d * d;
        }
        return sum / a.Length;
    }
}
