using DotGym.Rendering;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Agents;
using DotGym.Agents.Training;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Runs;

/// <summary>
/// Runs (or resumes) one training run into its folder:
/// <c>config.json</c>, <c>metrics.csv</c>, <c>episodes.csv</c>, <c>eval.csv</c>, <c>tensorboard/</c>,
/// <c>checkpoints/step_*.ckpt</c>, <c>model.ckpt</c>, <c>learning_curve.png</c> and <c>summary.json</c>.
/// Every file a user keeps is written atomically or append-only, so an interrupted run leaves nothing half-written
/// and can be continued with <c>--resume</c>.
/// </summary>
internal sealed class TrainingSession(RunConfig config, string folder, TrainingOutput output)
{
    private const int CheckpointsKept = 3;
    public const string CheckpointFolder = "checkpoints";
    public const string ModelFile = "model.ckpt";

    public RunConfig Config { get; } = config;
    public string Folder { get; } = folder;

    /// <summary>Env steps after which this session stops (leaving a checkpoint to resume from); null: run to the end.</summary>
    public long? StopAfter { get; init; }

    public IEnv MakeEnv() => Gym.Make(Config.Env, Config.EnvKwargs());

    /// <summary>Trains to <see cref="RunConfig.TotalSteps"/> (or <see cref="StopAfter"/>); returns the summary written.</summary>
    public TrainingSummary Run(bool resume)
    {
        string? checkpoint = resume ? LatestCheckpoint() : null;
        if (resume && checkpoint is null)
            throw new InvalidOperationException($"'{Folder}' has no checkpoint to resume from (checkpoints/ is empty). Start it again without --resume.");
        var threshold = Gym.Spec(Config.Env).RewardThreshold;
        using var agent = checkpoint is null
            ? Agent.Create(Config.AgentConfig(), Config.MakeVectorEnv(Config.AgentConfig().NumEnvs))
            : Agent.Load(checkpoint, c => Config.MakeVectorEnv(c.NumEnvs), c => c with { Device = Config.Device });
        if (!resume) Config.Save(Folder); // only once the agent accepted the settings, so a failed start leaves no run behind
        if (checkpoint is not null) output.Info($"Resuming {Folder} from {Path.GetFileName(checkpoint)} at step {agent.GlobalStep:N0}.");
        Directory.CreateDirectory(Path.Combine(Folder, CheckpointFolder));
        using var logger = new RunLogger(Folder, checkpoint is null ? null : agent.GlobalStep);
        using var evalEnv = MakeEnv();
        using var stop = new CancellationTokenSource();

        var callbacks = new TrainingCallbacks
        {
            EpisodeFinished = logger.Episode,
            UpdateFinished = report =>
            {
                logger.Update(report);
                output.Progress(report.GlobalStep, Config.TotalSteps, report.Metrics.GetValueOrDefault("sps"), agent.MeanRecentReturn());
                if (StopAfter is { } limit && report.GlobalStep >= limit) stop.Cancel();
            },
            EvaluationInterval = Config.EvalEvery,
            Evaluate = (a, step) =>
            {
                var result = a.Evaluate(evalEnv, Config.EvalEpisodes, Config.EvalSeed);
                logger.Evaluation(step, result.MeanReturn, result.StdReturn, result.Returns.Length);
            },
            CheckpointInterval = Config.CheckpointEvery,
            Checkpoint = (a, step) => SaveCheckpoint(a),
            RewardThreshold = threshold,
            StopAtRewardThreshold = Config.StopAtThreshold,
        };

        var learned = agent.Learn(Config.TotalSteps, callbacks, stop.Token);
        if (learned.Cancelled)
        {
            string saved = SaveCheckpoint(agent);
            output.Info($"Stopped at step {agent.GlobalStep:N0} as asked; continue with: dotgym train --resume {Folder} (checkpoint {Path.GetFileName(saved)}).");
            return WriteSummary(agent, learned, evaluation: null, final: false, logger, threshold);
        }

        agent.Save(Path.Combine(Folder, ModelFile));
        var evaluation = agent.Evaluate(evalEnv, Config.EvalEpisodes, Config.EvalSeed);
        logger.Evaluation(agent.GlobalStep, evaluation.MeanReturn, evaluation.StdReturn, evaluation.Returns.Length);
        return WriteSummary(agent, learned, evaluation, final: true, logger, threshold);
    }

    private TrainingSummary WriteSummary(Agent agent, LearnResult learned, EvaluationResult? evaluation, bool final, RunLogger logger, double? threshold)
    {
        LearningCurvePlot.Save(Path.Combine(Folder, "learning_curve.png"), $"{Config.Algo.ToUpperInvariant()} on {Config.Env}, seed {Config.Seed}", logger.Episodes, threshold);
        var summary = new TrainingSummary
        {
            Env = Config.Env,
            Algo = Config.Algo,
            Seed = Config.Seed,
            Device = agent.Device.ToString(),
            Finished = final,
            TotalEnvSteps = agent.GlobalStep,
            Updates = agent.Updates,
            Episodes = agent.Episodes,
            WallSeconds = Math.Round(agent.TrainingSeconds, 3),
            EnvStepsPerSecond = agent.TrainingSeconds > 0 ? Math.Round(agent.GlobalStep / agent.TrainingSeconds, 1) : null,
            TrainMeanReturnLast20 = agent.MeanRecentReturn(),
            RewardThreshold = threshold,
            EvalMeanReturn = evaluation?.MeanReturn,
            EvalStdReturn = evaluation?.StdReturn,
            EvalEpisodes = evaluation?.Returns.Length ?? 0,
            EvalDeterministic = true,
            StepsToThreshold = agent.StepsToThreshold,
            SecondsToThreshold = agent.SecondsToThreshold is { } s ? Math.Round(s, 3) : null,
            LibTorch = TorchRuntime.LibTorchVersion,
        };
        AtomicFile.WriteAllText(Path.Combine(Folder, "summary.json"), JsonSerializer.Serialize(summary, RunConfig.Json));
        return summary;
    }

    private string SaveCheckpoint(Agent agent)
    {
        string directory = Path.Combine(Folder, CheckpointFolder);
        string path = Path.Combine(directory, $"step_{agent.GlobalStep.ToString("D10", CultureInfo.InvariantCulture)}.ckpt");
        agent.Save(path);
        foreach (var old in Checkpoints().SkipLast(CheckpointsKept)) File.Delete(old);
        return path;
    }

    private IEnumerable<string> Checkpoints() =>
        Directory.Exists(Path.Combine(Folder, CheckpointFolder))
            ? Directory.EnumerateFiles(Path.Combine(Folder, CheckpointFolder), "step_*.ckpt").Order(StringComparer.Ordinal)
            : [];

    private string? LatestCheckpoint() => Checkpoints().LastOrDefault();
}

/// <summary>What <c>summary.json</c> holds.</summary>
internal sealed record TrainingSummary
{
    public required string Env { get; init; }
    public required string Algo { get; init; }
    public long Seed { get; init; }
    public required string Device { get; init; }
    /// <summary>False when the session stopped early (--stop-after) and the run can be resumed.</summary>
    public bool Finished { get; init; }
    public long TotalEnvSteps { get; init; }
    public long Updates { get; init; }
    public long Episodes { get; init; }
    public double WallSeconds { get; init; }
    public double? EnvStepsPerSecond { get; init; }
    public double? TrainMeanReturnLast20 { get; init; }
    public double? RewardThreshold { get; init; }
    public double? EvalMeanReturn { get; init; }
    public double? EvalStdReturn { get; init; }
    public int EvalEpisodes { get; init; }
    public bool EvalDeterministic { get; init; }
    /// <summary>First env step at which the mean of the last 20 training returns reached the threshold (null: never).</summary>
    public long? StepsToThreshold { get; init; }
    public double? SecondsToThreshold { get; init; }
    public string LibTorch { get; init; } = "";
}

/// <summary>Where a training session reports: a live progress line, or nothing (for tests and scripts).</summary>
internal class TrainingOutput
{
    public static readonly TrainingOutput Silent = new();
    public virtual void Progress(long step, long total, double stepsPerSecond, double? recentReturn) { }
    public virtual void Info(string message) { }
}
