namespace DotGym.Agents;

/// <summary>A2C settings; the defaults are Stable-Baselines3's <c>A2C</c> (RMSprop, 5-step returns).</summary>
public sealed record A2CConfig : AgentConfig
{
    public A2CConfig()
    {
        NumEnvs = 4;
        LearningRate = 7e-4;
        AnnealLr = false;
    }

    public override string Algorithm => "a2c";

    /// <summary>Steps per env per update.</summary>
    public int NSteps { get; init; } = 5;

    /// <summary>GAE's lambda; 1 (the default) gives plain bootstrapped n-step returns.</summary>
    public double GaeLambda { get; init; } = 1.0;

    /// <summary>Normalise the batch's advantages.</summary>
    public bool NormAdv { get; init; }

    /// <summary><c>rmsprop</c> (SB3's default: alpha 0.99, eps = rmsprop_eps) or <c>adam</c> (eps = adam_eps).</summary>
    public string Optimizer { get; init; } = "rmsprop";

    /// <summary>RMSprop's epsilon (SB3: 1e-5).</summary>
    public double RmspropEps { get; init; } = 1e-5;

    public override void Validate()
    {
        base.Validate();
        Require(NSteps >= 1, "n_steps", NSteps, "must be >= 1");
        Require(GaeLambda is >= 0 and <= 1, "gae_lambda", GaeLambda, "must be in [0, 1]");
        Require(Optimizer is "rmsprop" or "adam", "optimizer", Optimizer, "must be rmsprop or adam");
        Require(RmspropEps > 0, "rmsprop_eps", RmspropEps, "must be > 0");
    }
}
