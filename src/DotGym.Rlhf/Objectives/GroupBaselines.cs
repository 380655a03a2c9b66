using static TorchSharp.torch;

namespace DotGym.Rlhf.Objectives;

/// <summary>
/// Value-free advantages over groups of completions of the same prompt, laid out group-major: rewards
/// <c>[groups * groupSize]</c>, completions of prompt g at <c>[g * groupSize, (g + 1) * groupSize)</c>.
/// </summary>
public static class GroupBaselines
{
    /// <summary>GRPO (Shao et al. 2024): <c>(r − mean_group) / (std_group + 1e-4)</c>, with the unbiased std as TRL computes it.</summary>
    public static Tensor GrpoAdvantages(Tensor rewards, int groupSize)
    {
        var grouped = Grouped(rewards, groupSize);
        var mean = grouped.mean([1], keepdim: true);
        var std = grouped.std(1, keepdim: true);
        return ((grouped - mean) / (std + 1e-4)).flatten();
    }

    /// <summary>RLOO (Ahmadian et al. 2024): each completion's reward minus the mean reward of the other completions of its prompt.</summary>
    public static Tensor RlooAdvantages(Tensor rewards, int groupSize)
    {
        if (groupSize < 2) throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "RLOO needs at least 2 completions per prompt (its baseline leaves one out).");
        var grouped = Grouped(rewards, groupSize);
        var othersMean = (grouped.sum(1, keepdim: true) - grouped) / (groupSize - 1);
        return (grouped - othersMean).flatten();
    }

    /// <summary>
    /// The k3 estimator of KL(π ‖ π_ref) per token (Schulman's "approximating KL"; GRPO's penalty):
    /// <c>exp(log π_ref − log π) − (log π_ref − log π) − 1</c>, never negative.
    /// </summary>
    public static Tensor K3Kl(Tensor logProbs, Tensor refLogProbs)
    {
        var diff = refLogProbs - logProbs;
        return diff.exp() - diff - 1;
    }

    private static Tensor Grouped(Tensor rewards, int groupSize)
    {
        if (rewards.dim() != 1) throw new ArgumentException($"Rewards must be one value per completion (1-D), got shape [{string.Join(", ", rewards.shape)}].", nameof(rewards));
        if (groupSize < 1 || rewards.shape[0] % groupSize != 0)
            throw new ArgumentException($"{rewards.shape[0]} rewards do not split into groups of {groupSize}; lay them out group-major, groupSize completions per prompt.", nameof(groupSize));
        return rewards.view(-1, groupSize);
    }
}
