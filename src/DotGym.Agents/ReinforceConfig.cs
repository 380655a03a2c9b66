namespace DotGym.Agents;

/// <summary>REINFORCE settings. <c>num_envs</c> is also the number of whole episodes per update.</summary>
public sealed record ReinforceConfig : AgentConfig
{
    public ReinforceConfig()
    {
        NumEnvs = 8;
        LearningRate = 1e-3;
        AnnealLr = false;
        MaxGradNorm = 0;
    }

    public override string Algorithm => "reinforce";

    /// <summary>Subtract a learned state-value baseline b(s) = V(s) from the returns (variance reduction).</summary>
    public bool UseBaseline { get; init; } = true;

    /// <summary>Standardise the policy-gradient weights (G_t, or G_t - b(s_t)) over each batch.</summary>
    public bool NormalizeReturns { get; init; } = true;

    public override void Validate() => base.Validate();
}
