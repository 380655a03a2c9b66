namespace DotGym.Agents;

/// <summary>PPO settings; the defaults are CleanRL's <c>ppo.py</c> (Atari-free classic-control defaults).</summary>
public sealed record PpoConfig : AgentConfig
{
    public PpoConfig()
    {
        NumEnvs = 4;
        LearningRate = 2.5e-4;
        EntCoef = 0.01;
    }

    public override string Algorithm => "ppo";

    /// <summary>Steps per env per rollout (the batch is num_envs x n_steps transitions).</summary>
    public int NSteps { get; init; } = 128;

    /// <summary>Minibatches per epoch.</summary>
    public int NumMinibatches { get; init; } = 4;

    /// <summary>Passes over each rollout.</summary>
    public int UpdateEpochs { get; init; } = 4;

    /// <summary>GAE's lambda.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Surrogate clipping epsilon (also the value clipping range).</summary>
    public double ClipCoef { get; init; } = 0.2;

    /// <summary>
    /// Anneal <see cref="ClipCoef"/> linearly to 0 over the training budget, as the learning rate with
    /// <c>anneal_lr</c> (rl-baselines3-zoo's <c>clip_range: lin_0.2</c>); off keeps it constant (SB3's and CleanRL's default).
    /// </summary>
    public bool AnnealClipCoef { get; init; }

    /// <summary>
    /// Clip the value loss around the rollout's value predictions by the (current) clip coefficient (CleanRL's
    /// default); off is Stable-Baselines3's default (<c>clip_range_vf=None</c>).
    /// </summary>
    public bool ClipVloss { get; init; } = true;

    /// <summary>Normalise advantages per minibatch.</summary>
    public bool NormAdv { get; init; } = true;

    /// <summary>
    /// Tensor envs only: updates between host reads of the losses and the episode statistics kept on the device (1 =
    /// after every update). Between reads nothing leaves the device; a read also waits until the window holds at least
    /// <c>RewardWindow</c> finished episodes.
    /// </summary>
    public int SummaryEvery { get; init; } = 1;

    /// <summary>Stop the epochs early once the approximate KL exceeds this (null = never).</summary>
    public double? TargetKl { get; init; }

    public override void Validate()
    {
        base.Validate();
        Require(NSteps >= 1, "n_steps", NSteps, "must be >= 1");
        Require(NumMinibatches >= 1, "num_minibatches", NumMinibatches, "must be >= 1");
        Require(NumMinibatches <= NSteps * NumEnvs, "num_minibatches", NumMinibatches, $"must be <= the batch size n_steps x num_envs = {NSteps * NumEnvs}");
        Require(UpdateEpochs >= 1, "update_epochs", UpdateEpochs, "must be >= 1");
        Require(GaeLambda is >= 0 and <= 1, "gae_lambda", GaeLambda, "must be in [0, 1]");
        Require(ClipCoef > 0, "clip_coef", ClipCoef, "must be > 0");
        Require(TargetKl is null or > 0, "target_kl", TargetKl, "must be > 0 or null");
        Require(SummaryEvery >= 1, "summary_every", SummaryEvery, "must be >= 1 (1 = read the device statistics after every update)");
    }
}
