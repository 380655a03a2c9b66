using DotGym.Agents;
using DotGym.Agents.Logging;
using DotGym.Agents.Training;
using DotGym.Registration;
using DotGym.Remote;

namespace DotGym.Cli.Runs;

/// <summary>
/// Runs (or resumes) one training run into its folder: <c>config.json</c> (the CLI's <see cref="RunConfig"/>) and
/// everything <see cref="RunFolderLogger"/> writes (<c>metrics.csv</c>, <c>episodes.csv</c>, <c>eval.csv</c>,
/// <c>tensorboard/</c>, <c>checkpoints/step_*.ckpt</c>, <c>model.ckpt</c>, <c>learning_curve.png</c>,
/// <c>summary.json</c>), the same logger a C# program attaches to its own <c>Learn</c> call. An interrupted run can
/// be continued with <c>--resume</c>.
/// </summary>
internal sealed class TrainingSession(RunConfig config, string folder, TrainingOutput output)
{
    public RunConfig Config { get; } = config;
    public string Folder { get; } = folder;

    /// <summary>Env steps after which this session stops (leaving a checkpoint to resume from); null: run to the end.</summary>
    public long? StopAfter { get; init; }

    public IEnv MakeEnv() => Config.MakeEvalEnv();

    /// <summary>The cluster env trained on (when <see cref="RunConfig.Cluster"/> is set): its dropped episodes and runner restarts.</summary>
    public DotGym.Cluster.IClusterVectorEnv? ClusterEnv { get; private set; }

    private DotGym.Vector.IVectorEnv MakeVectorEnv(int numEnvs)
    {
        var envs = Config.MakeVectorEnv(numEnvs);
        ClusterEnv = envs as DotGym.Cluster.IClusterVectorEnv;
        return envs;
    }

    /// <summary>Trains to <see cref="RunConfig.TotalSteps"/> (or <see cref="StopAfter"/>); returns the summary written.</summary>
    public RunSummary Run(bool resume)
    {
        string? checkpoint = resume ? RunFolderLogger.LatestCheckpoint(Folder) : null;
        // Stopped before its first checkpoint: nothing was kept, so the run starts again from its config.json.
        if (resume && checkpoint is null) output.Info($"'{Folder}' has no checkpoint yet; starting the run from the beginning with its config.json.");
        using var agent = checkpoint is null
            ? Agent.Create(Config.AgentConfig(), MakeVectorEnv(Config.AgentConfig().NumEnvs))
            : Agent.Load(checkpoint, c => MakeVectorEnv(c.NumEnvs), c => c with { Device = Config.Device });
        if (!resume) Config.Save(Folder); // only once the agent accepted the settings, so a failed start leaves no run behind
        if (checkpoint is not null)
            output.Info($"Resuming {Folder} from {Path.GetFileName(checkpoint)} at step {agent.GlobalStep:N0}" +
                        (agent.ResumedExactly == true ? " (the envs continue exactly)." : " (not exactly: the envs start fresh episodes; see the warning and summary.json)."));
        using var logger = new RunFolderLogger(Folder, checkpoint is null ? null : agent.GlobalStep);
        using var evalEnv = MakeEnv();
        var threshold = Config.Remote is null ? Gym.Spec(Config.Env).RewardThreshold : evalEnv.Spec?.RewardThreshold;
        using var stop = new CancellationTokenSource();

        var callbacks = logger.Attach(new TrainingCallbacks
        {
            UpdateFinished = report =>
            {
                output.Progress(report.GlobalStep, Config.TotalSteps, report.Metrics.GetValueOrDefault("sps"), agent.MeanRecentReturn());
                if (StopAfter is { } limit && report.GlobalStep >= limit) stop.Cancel();
            },
            EvaluationInterval = Config.EvalEvery,
            CheckpointInterval = Config.CheckpointEvery,
            RewardThreshold = threshold,
            StopAtRewardThreshold = Config.StopAtThreshold,
        }, evalEnv, Config.EvalEpisodes, Config.EvalSeed);

        LearnResult learned;
        EvaluationResult? evaluation = null;
        try
        {
            learned = agent.Learn(Config.TotalSteps, callbacks, stop.Token);
            if (!learned.Cancelled) evaluation = agent.Evaluate(evalEnv, Config.EvalEpisodes, Config.EvalSeed);
        }
        catch (RemoteEnvException e)
        {
            // The trainer's state is not the env's: keep it, so the run resumes once the servers are back (a periodic
            // checkpoint of this very step is kept as it is).
            string saved = logger.SaveCheckpointUnlessSaved(agent);
            logger.Finish(agent, Config.Env, evaluation: null, finished: false, threshold);
            throw new RemoteEnvException(e.Address,
                $"{e.Message}\nTraining stopped at step {agent.GlobalStep:N0} with a checkpoint ({Path.Combine(Folder, "checkpoints", Path.GetFileName(saved))}; the interrupted rollout is not trained on). " +
                $"Once the env servers are back, continue with: dotgym train --resume {Folder}", e);
        }
        if (learned.Cancelled)
        {
            string saved = logger.SaveCheckpoint(agent);
            output.Info($"Stopped at step {agent.GlobalStep:N0} as asked; continue with: dotgym train --resume {Folder} (checkpoint {Path.GetFileName(saved)}).");
            return logger.Finish(agent, Config.Env, evaluation: null, finished: false, threshold);
        }
        return logger.Finish(agent, Config.Env, evaluation, finished: true, threshold);
    }
}

/// <summary>Where a training session reports: a live progress line, or nothing (for tests and scripts).</summary>
internal class TrainingOutput
{
    public static readonly TrainingOutput Silent = new();
    public virtual void Progress(long step, long total, double stepsPerSecond, double? recentReturn) { }
    public virtual void Info(string message) { }
}
