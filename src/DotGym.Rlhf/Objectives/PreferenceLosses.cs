using static TorchSharp.torch;

namespace DotGym.Rlhf.Objectives;

/// <summary>Losses that learn from ranked pairs of completions (chosen over rejected).</summary>
public static class PreferenceLosses
{
    /// <summary>
    /// The reward model's pairwise (Bradley–Terry) loss of InstructGPT: <c>mean(−log σ(r_chosen − r_rejected))</c>,
    /// computed as <c>softplus(r_rejected − r_chosen)</c> for stability.
    /// </summary>
    public static Tensor Pairwise(Tensor chosenRewards, Tensor rejectedRewards)
    {
        CheckPair(chosenRewards, rejectedRewards);
        return nn.functional.softplus(rejectedRewards - chosenRewards).mean();
    }

    /// <summary>
    /// Direct Preference Optimisation (Rafailov et al. 2023): <c>−log σ(β [(log π(y_w) − log π_ref(y_w)) − (log π(y_l) −
    /// log π_ref(y_l))])</c>, averaged, from the summed log-probabilities of each completion. Returns the loss and the
    /// implicit rewards <c>β (log π − log π_ref)</c> of the chosen and rejected completions.
    /// </summary>
    public static (Tensor Loss, Tensor ChosenRewards, Tensor RejectedRewards) Dpo(Tensor policyChosen, Tensor policyRejected,
        Tensor referenceChosen, Tensor referenceRejected, double beta)
    {
        CheckPair(policyChosen, policyRejected);
        CheckPair(referenceChosen, referenceRejected);
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "DPO's beta must be > 0 (0.1 is the usual value).");
        var chosen = beta * (policyChosen - referenceChosen);
        var rejected = beta * (policyRejected - referenceRejected);
        return (nn.functional.softplus(rejected - chosen).mean(), chosen.detach(), rejected.detach());
    }

    /// <summary>The fraction of pairs the scores order correctly (chosen above rejected; ties count half).</summary>
    public static double PairwiseAccuracy(ReadOnlySpan<double> chosen, ReadOnlySpan<double> rejected)
    {
        if (chosen.Length != rejected.Length || chosen.Length == 0)
            throw new ArgumentException($"Need as many chosen as rejected scores, at least one (got {chosen.Length} and {rejected.Length}).");
        double correct = 0;
        for (int i = 0; i < chosen.Length; i++) correct += chosen[i] > rejected[i] ? 1 : chosen[i] == rejected[i] ? 0.5 : 0;
        return correct / chosen.Length;
    }

    private static void CheckPair(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"Chosen and rejected values must have the same shape, got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
    }
}
