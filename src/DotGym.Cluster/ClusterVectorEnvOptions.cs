using DotGym.Vector;

namespace DotGym.Cluster;

/// <summary>How a <see cref="ClusterVectorEnv{TObs,TAct}"/> spreads its envs and recovers from a lost silo.</summary>
public sealed record ClusterVectorEnvOptions
{
    /// <summary>Runners (grains) per live silo when <see cref="Runners"/> is not set (default 1: one batched call per silo per step).</summary>
    public int RunnersPerSilo { get; init; } = 1;

    /// <summary>The number of runners, whatever the cluster's size (null: live silos x <see cref="RunnersPerSilo"/>, at most one per env).</summary>
    public int? Runners { get; init; }

    /// <summary>How each runner batches its envs on its silo (Sync steps them in the runner's turn; Threaded or Native as locally).</summary>
    public VectorizationMode Mode { get; init; } = VectorizationMode.Sync;

    /// <summary>When ended episodes restart (the agents need NextStep, Gymnasium's default).</summary>
    public AutoresetMode AutoresetMode { get; init; } = AutoresetMode.NextStep;

    /// <summary>Overrides the env's registered episode limit (null: the registered one).</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>How long to keep trying to reactivate a lost runner on the surviving silos before giving up.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where lost runners and dropped episodes are reported (one line each); null: nowhere.</summary>
    public Action<string>? Log { get; init; }

    internal void Validate()
    {
        if (RunnersPerSilo < 1) throw new ArgumentOutOfRangeException(nameof(RunnersPerSilo), RunnersPerSilo, "RunnersPerSilo must be at least 1.");
        if (Runners is < 1) throw new ArgumentOutOfRangeException(nameof(Runners), Runners, "Runners must be at least 1 (or null for one per live silo).");
        if (RecoveryTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RecoveryTimeout), RecoveryTimeout, "RecoveryTimeout must be positive.");
    }
}
