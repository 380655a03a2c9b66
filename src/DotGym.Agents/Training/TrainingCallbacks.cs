namespace DotGym.Agents.Training;

/// <summary>One training episode that just ended (raw env rewards).</summary>
/// <param name="GlobalStep">Env transitions collected so far, this episode's included.</param>
/// <param name="Env">Which env copy played it.</param>
/// <param name="Return">Undiscounted sum of the episode's raw rewards.</param>
/// <param name="Length">Steps in the episode.</param>
/// <param name="WallSeconds">Training time so far (summed over resumed sessions).</param>
public readonly record struct EpisodeReport(long GlobalStep, int Env, double Return, int Length, double WallSeconds);

/// <summary>One finished update: losses and diagnostics, keyed by CleanRL's names.</summary>
/// <param name="GlobalStep">Env transitions collected so far.</param>
/// <param name="Update">Updates done so far, this one included.</param>
/// <param name="WallSeconds">Training time so far (summed over resumed sessions).</param>
/// <param name="Metrics">
/// For example <c>policy_loss</c>, <c>value_loss</c>, <c>entropy</c>, <c>approx_kl</c>, <c>old_approx_kl</c>,
/// <c>clipfrac</c>, <c>explained_variance</c>, <c>learning_rate</c>, <c>sps</c> (env steps per second of this
/// <c>Learn</c> call), <c>batch_size</c>.
/// </param>
public sealed record UpdateReport(long GlobalStep, long Update, IReadOnlyDictionary<string, double> Metrics, double WallSeconds);

/// <summary>What the caller wants to hear about, and when training should stop early.</summary>
public sealed class TrainingCallbacks
{
    public Action<EpisodeReport>? EpisodeFinished { get; init; }
    public Action<UpdateReport>? UpdateFinished { get; init; }

    /// <summary>Env steps between <see cref="Evaluate"/> calls (0 = never); called between updates.</summary>
    public long EvaluationInterval { get; init; }

    /// <summary>Called with the agent and the global step, e.g. to run <see cref="Agent.Evaluate"/>.</summary>
    public Action<Agent, long>? Evaluate { get; init; }

    /// <summary>Env steps between <see cref="Checkpoint"/> calls (0 = never); called between updates.</summary>
    public long CheckpointInterval { get; init; }

    /// <summary>Called with the agent and the global step, e.g. to run <see cref="Agent.Save"/>.</summary>
    public Action<Agent, long>? Checkpoint { get; init; }

    /// <summary>
    /// Target for the mean return of the last <see cref="RewardWindow"/> training episodes. When first reached the
    /// agent records <see cref="Agent.StepsToThreshold"/> and <see cref="Agent.SecondsToThreshold"/>.
    /// </summary>
    public double? RewardThreshold { get; init; }

    /// <summary>Episodes averaged for <see cref="RewardThreshold"/> (default 20).</summary>
    public int RewardWindow { get; init; } = 20;

    /// <summary>End <c>Learn</c> after the update in which the threshold was reached (default true).</summary>
    public bool StopAtRewardThreshold { get; init; } = true;
}

/// <summary>How a <c>Learn</c> call ended.</summary>
/// <param name="GlobalStep">Env transitions collected in total.</param>
/// <param name="Episodes">Training episodes finished in total.</param>
/// <param name="Updates">Updates in total.</param>
/// <param name="WallSeconds">Training time in total (summed over resumed sessions).</param>
/// <param name="MeanRecentReturn">Mean return of the last <c>RewardWindow</c> training episodes (null before any).</param>
/// <param name="ReachedThreshold">The reward threshold has been reached (in this or an earlier session).</param>
/// <param name="StepsToThreshold">Global step at which it was first reached.</param>
/// <param name="SecondsToThreshold">Training seconds at which it was first reached.</param>
/// <param name="Cancelled">The cancellation token ended the call.</param>
public sealed record LearnResult(long GlobalStep, long Episodes, long Updates, double WallSeconds, double? MeanRecentReturn,
    bool ReachedThreshold, long? StepsToThreshold, double? SecondsToThreshold, bool Cancelled);

/// <summary>Returns and lengths of evaluation episodes.</summary>
public sealed record EvaluationResult(double[] Returns, int[] Lengths)
{
    public double MeanReturn => Returns.Length == 0 ? double.NaN : Returns.Average();
    public double StdReturn
    {
        get
        {
            if (Returns.Length == 0) return double.NaN;
            double mean = MeanReturn;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Length);
        }
    }
    public double MeanLength => Lengths.Length == 0 ? double.NaN : Lengths.Average();
}
