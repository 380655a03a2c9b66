using DotGym.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents;

// The training loop and the bookkeeping the algorithms share (episode reports, learning-rate schedule, gradient clipping).
public abstract partial class Agent
{
    /// <summary>
    /// Trains until <see cref="GlobalStep"/> reaches <paramref name="totalSteps"/> (a total budget: a resumed agent
    /// continues where it stopped; the learning rate anneals over this same budget). Returns early when the reward
    /// threshold is reached (if asked) or <paramref name="cancellation"/> fires; both take effect between updates.
    /// </summary>
    public LearnResult Learn(long totalSteps, TrainingCallbacks? callbacks = null, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Learn needs a positive step budget.");
        callbacks ??= new TrainingCallbacks();
        if (callbacks.RewardWindow is < 1 or > RecentReturnsKept)
            throw new ArgumentOutOfRangeException(nameof(callbacks), callbacks.RewardWindow, $"RewardWindow must be in 1..{RecentReturnsKept}.");
        var context = new LearnContext(totalSteps, callbacks, GlobalStep, TrainingSeconds);
        bool cancelled = false;
        while (GlobalStep < totalSteps)
        {
            if (cancellation.IsCancellationRequested) { cancelled = true; break; }
            long before = GlobalStep;
            RunIteration(context);
            TrainingSeconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
            if (Crossed(before, GlobalStep, callbacks.EvaluationInterval)) callbacks.Evaluate?.Invoke(this, GlobalStep);
            if (Crossed(before, GlobalStep, callbacks.CheckpointInterval)) callbacks.Checkpoint?.Invoke(this, GlobalStep);
            if (context.ThresholdReachedNow && callbacks.StopAtRewardThreshold) break;
        }
        TrainingSeconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
        return new LearnResult(GlobalStep, Episodes, Updates, TrainingSeconds, MeanRecentReturn(callbacks.RewardWindow),
            StepsToThreshold is not null, StepsToThreshold, SecondsToThreshold, cancelled);
    }

    private static bool Crossed(long before, long after, long interval) => interval > 0 && after / interval > before / interval;

    /// <summary>
    /// Mean of the last <paramref name="window"/> training returns (all of them if fewer; null if none). On a tensor env
    /// the episodes are summarised on the device, so this is the mean return of the episodes of the last summary
    /// window (at least <c>RewardWindow</c> episodes, see <see cref="PpoConfig.SummaryEvery"/>).
    /// </summary>
    public double? MeanRecentReturn(int window = 20)
    {
        if (_recentReturns.Count == 0) return null;
        if (TensorEnv is not null) return _recentReturns.Last();
        return _recentReturns.Skip(Math.Max(0, _recentReturns.Count - window)).Average();
    }

    // ---- helpers the algorithms share -------------------------------------------------------------------------------

    /// <summary>The envs' current observations as one tensor on the device (normalised, and the running statistics
    /// updated, when observation normalisation is on).</summary>
    internal Tensor ObservationBatch(bool updateStatistics = true) => Policy.ToTensor(Runner.Observations, Runner.NumEnvs, updateStatistics);

    /// <summary>As <see cref="ObservationBatch(bool)"/>, but only the envs flagged in <paramref name="statisticsRows"/>
    /// update the normalisation statistics (envs idle this step would count their observation twice).</summary>
    internal Tensor ObservationBatch(ReadOnlySpan<bool> statisticsRows) => Policy.ToTensor(Runner.Observations, statisticsRows);

    /// <summary>
    /// gSDE: fresh noise weights for every env at <paramref name="step"/> 0 of a rollout (or of REINFORCE's episodes)
    /// and every sde_sample_freq steps after, if set. Does nothing without use_sde.
    /// </summary>
    internal void ResetNoiseIfDue(int step)
    {
        int every = Config.SdeSampleFreq;
        if (step == 0 || every > 0 && step % every == 0) Policy.ResetNoise(Runner.NumEnvs, SampleGenerator);
    }

    /// <summary>
    /// Bookkeeping after the envs stepped: rewards (scaled if reward normalisation is on), the step count, and the
    /// episodes the vector-level statistics saw finish. <paramref name="counted"/> (REINFORCE) limits all three to
    /// the envs whose transitions the learner keeps.
    /// </summary>
    internal void AfterEnvStep(LearnContext context, ReadOnlySpan<bool> counted = default)
    {
        int n = Runner.NumEnvs;
        Runner.Rewards.CopyTo(StepRewards, 0);
        int transitions = 0;
        for (int i = 0; i < n; i++)
            if (!Runner.WasReset[i] && (counted.IsEmpty || counted[i])) transitions++;
        if (RewardNormalizer is not null)
        {
            Span<bool> done = _doneScratch, skip = _skipScratch;
            for (int i = 0; i < n; i++)
            {
                done[i] = Runner.Terminated[i] || Runner.Truncated[i];
                skip[i] = Runner.WasReset[i] || (!counted.IsEmpty && !counted[i]);
            }
            RewardNormalizer.Apply(StepRewards, done, skip);
        }
        GlobalStep += transitions;
        for (int i = 0; i < n; i++)
            if (Runner.EpisodeEnded[i] && (counted.IsEmpty || counted[i]))
                RecordEpisode(context, i, Runner.EpisodeReturns[i], Runner.EpisodeLengths[i]);
    }

    private void RecordEpisode(LearnContext context, int env, double episodeReturn, int length)
    {
        Episodes++;
        _recentReturns.Enqueue(episodeReturn);
        if (_recentReturns.Count > RecentReturnsKept) _recentReturns.Dequeue();
        double seconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
        context.Callbacks.EpisodeFinished?.Invoke(new EpisodeReport(GlobalStep, env, episodeReturn, length, seconds));
        var threshold = context.Callbacks.RewardThreshold;
        int window = context.Callbacks.RewardWindow;
        if (threshold is { } target && _recentReturns.Count >= window && MeanRecentReturn(window) >= target && StepsToThreshold is null)
        {
            StepsToThreshold = GlobalStep;
            SecondsToThreshold = seconds;
            context.ThresholdReachedNow = true;
        }
    }

    /// <summary>
    /// Records <paramref name="count"/> episodes that a tensor env summarised on the device: one entry of their mean in
    /// <see cref="RecentReturns"/>, one <see cref="EpisodeReport"/> with <c>Env = -1</c> (the mean over all envs) and the
    /// reward threshold tested against that mean.
    /// </summary>
    internal void RecordEpisodeWindow(LearnContext context, long count, double meanReturn, double meanLength)
    {
        Episodes += count;
        _recentReturns.Enqueue(meanReturn);
        if (_recentReturns.Count > RecentReturnsKept) _recentReturns.Dequeue();
        double seconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
        context.Callbacks.EpisodeFinished?.Invoke(new EpisodeReport(GlobalStep, -1, meanReturn, (int)Math.Round(meanLength), seconds));
        if (context.Callbacks.RewardThreshold is { } target && meanReturn >= target && StepsToThreshold is null)
        {
            StepsToThreshold = GlobalStep;
            SecondsToThreshold = seconds;
            context.ThresholdReachedNow = true;
        }
    }

    /// <summary>Counts an update the callbacks do not hear about (the device path reports only the updates it reads back).</summary>
    internal void CountUpdate() => Updates++;

    /// <summary>
    /// Global gradient-norm clipping without a host read (TorchSharp's <c>clip_grad_norm_</c> returns the norm as a
    /// double): grads are scaled by min(1, max_norm / (norm + 1e-6)) on the device.
    /// </summary>
    internal void ClipGradientsOnDevice()
    {
        if (Config.MaxGradNorm <= 0) return;
        using var scope = NewDisposeScope();
        var grads = _parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToArray();
        if (grads.Length == 0) return;
        var norm = stack(grads.Select(g => g.norm()).ToArray()).norm();
        var coefficient = norm.add_(1e-6).reciprocal_().mul_(Config.MaxGradNorm).clamp_max_(1.0);
        foreach (var g in grads) g.mul_(coefficient);
    }

    /// <summary>Sets the learning rate for this update: linear decay from learning_rate to 0 over the budget when anneal_lr is on.</summary>
    internal double AnnealLearningRate(LearnContext context)
    {
        double lr = Config.LearningRate * (Config.AnnealLr ? RemainingFraction(context) : 1.0);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
        return lr;
    }

    /// <summary>The share of the training budget still to run, 1 down to 0 (what linear schedules multiply by).</summary>
    internal double RemainingFraction(LearnContext context) => Math.Max(0.0, 1.0 - (double)GlobalStep / context.TotalSteps);

    /// <summary>Counts the update and tells the callbacks, adding learning-rate-independent timing metrics.</summary>
    internal void ReportUpdate(LearnContext context, Dictionary<string, double> metrics)
    {
        Updates++;
        double elapsed = context.Clock.Elapsed.TotalSeconds;
        metrics["sps"] = elapsed > 0 ? (GlobalStep - context.StartStep) / elapsed : 0;
        context.Callbacks.UpdateFinished?.Invoke(new UpdateReport(GlobalStep, Updates, metrics, context.StartSeconds + elapsed));
    }

    /// <summary>Global gradient-norm clipping (0 = off); returns the norm before clipping.</summary>
    internal double ClipGradients()
    {
        if (Config.MaxGradNorm <= 0) return double.NaN;
        return nn.utils.clip_grad_norm_(_parameters, Config.MaxGradNorm);
    }
}
