using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotGym.Agents.Training;
using DotGym.Rendering;
using TorchSharp;

namespace DotGym.Agents.Logging;

/// <summary>
/// Logs a training run into a folder, from the C# API or from <c>dotgym train</c> (which uses this class):
/// <c>metrics.csv</c> (one row per update), <c>episodes.csv</c> (one row per training episode), <c>eval.csv</c>,
/// TensorBoard event files under <c>tensorboard/</c>, <c>checkpoints/step_*.ckpt</c> (the last 3 kept),
/// <c>model.ckpt</c>, <c>learning_curve.png</c>, <c>config.json</c> and <c>summary.json</c> (SB3's
/// <c>tensorboard_log=</c> / <c>logger.configure</c>). Attach it to any <c>Learn</c> call:
/// <code>
/// using var logger = new RunFolderLogger("runs/ppo-cartpole");
/// logger.SaveConfig(agent, "CartPole-v1");
/// var result = agent.Learn(100_000, logger.Attach(new TrainingCallbacks { CheckpointInterval = 10_000 }));
/// logger.Finish(agent, "CartPole-v1", agent.Evaluate(evalEnv, 20, seed: 1_000_001));
/// </code>
/// The CSVs hold only quantities that repeat exactly for a seed (no wall-clock values), so two runs can be compared
/// with diff; timing goes to TensorBoard and <c>summary.json</c>. Every file is written atomically or append-only, so
/// an interrupted run leaves nothing half-written; a logger opened with <c>resumeFromStep</c> keeps the rows up to
/// that step and appends after them.
/// </summary>
public sealed class RunFolderLogger : IDisposable
{
    /// <summary>The folder of periodic checkpoints.</summary>
    public const string CheckpointFolder = "checkpoints";
    /// <summary>The final model's file name.</summary>
    public const string ModelFile = "model.ckpt";
    /// <summary>Checkpoints kept in <see cref="CheckpointFolder"/> (older ones are deleted).</summary>
    public const int CheckpointsKept = 3;

    private static bool IsWallClock(string key) => key == "sps" || key.EndsWith("_seconds", StringComparison.Ordinal);
    private readonly long? _resumeStep;
    private readonly TorchSharp.Modules.SummaryWriter _tensorBoard;
    private readonly CsvLog _episodes;
    private readonly CsvLog _evaluations;
    private readonly List<(long Step, double Return)> _episodeReturns = [];
    private CsvLog? _metrics;
    private string[] _metricKeys = [];

    /// <summary>
    /// Opens (creating it when needed) the run folder <paramref name="folder"/>. With <paramref name="resumeFromStep"/>
    /// (a resumed run's global step) the CSV rows logged after that step are dropped and new rows are appended; without
    /// it the CSVs start empty.
    /// </summary>
    public RunFolderLogger(string folder, long? resumeFromStep = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = folder;
        _resumeStep = resumeFromStep;
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, CheckpointFolder));
        _tensorBoard = torch.utils.tensorboard.SummaryWriter(Path.Combine(folder, "tensorboard"));
        _episodes = new CsvLog(Path.Combine(folder, "episodes.csv"), ["global_step", "env", "return", "length"], resumeFromStep);
        _evaluations = new CsvLog(Path.Combine(folder, "eval.csv"), ["global_step", "mean_return", "std_return", "episodes"], resumeFromStep);
        if (resumeFromStep is not null) _episodeReturns.AddRange(ReadEpisodes(Path.Combine(folder, "episodes.csv")));
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>Every training episode so far (global step, return), for the learning curve.</summary>
    public IReadOnlyList<(long Step, double Return)> Episodes => _episodeReturns;

    /// <summary>The newest checkpoint in <paramref name="folder"/>'s <see cref="CheckpointFolder"/>, or null.</summary>
    public static string? LatestCheckpoint(string folder) => Checkpoints(folder).LastOrDefault();

    /// <summary>
    /// <paramref name="callbacks"/> (or none) with this logger added: every episode and update is logged before the
    /// caller's own <c>EpisodeFinished</c> / <c>UpdateFinished</c> runs; with <paramref name="evaluationEnv"/> and an
    /// <c>EvaluationInterval</c>, periodic evaluations (<paramref name="evaluationEpisodes"/> episodes, first reset
    /// seeded <paramref name="evaluationSeed"/>) go to <c>eval.csv</c> (unless the caller brings its own
    /// <c>Evaluate</c>); with a <c>CheckpointInterval</c> and no own <c>Checkpoint</c>, checkpoints go to
    /// <see cref="CheckpointFolder"/>.
    /// </summary>
    public TrainingCallbacks Attach(TrainingCallbacks? callbacks = null, IEnv? evaluationEnv = null, int evaluationEpisodes = 20, long evaluationSeed = 1_000_000)
    {
        var inner = callbacks ?? new TrainingCallbacks();
        if (evaluationEpisodes < 1) throw new ArgumentOutOfRangeException(nameof(evaluationEpisodes), evaluationEpisodes, "Evaluate at least one episode.");
        Action<Agent, long>? evaluate = inner.Evaluate;
        if (evaluate is null && evaluationEnv is not null)
            evaluate = (agent, step) => Evaluation(step, agent.Evaluate(evaluationEnv, evaluationEpisodes, evaluationSeed));
        return new TrainingCallbacks
        {
            EpisodeFinished = report =>
            {
                Episode(report);
                inner.EpisodeFinished?.Invoke(report);
            },
            UpdateFinished = report =>
            {
                Update(report);
                inner.UpdateFinished?.Invoke(report);
            },
            EvaluationInterval = inner.EvaluationInterval,
            Evaluate = evaluate,
            CheckpointInterval = inner.CheckpointInterval,
            Checkpoint = inner.Checkpoint ?? ((agent, _) => SaveCheckpoint(agent)),
            RewardThreshold = inner.RewardThreshold,
            RewardWindow = inner.RewardWindow,
            StopAtRewardThreshold = inner.StopAtRewardThreshold,
        };
    }

    /// <summary>Logs one training episode (episodes.csv and TensorBoard's <c>charts/episodic_return</c>, <c>charts/episodic_length</c>).</summary>
    public void Episode(EpisodeReport report)
    {
        _episodeReturns.Add((report.GlobalStep, report.Return));
        _episodes.Append([report.GlobalStep, report.Env, report.Return, report.Length]);
        int step = TensorBoardStep(report.GlobalStep);
        _tensorBoard.add_scalar("charts/episodic_return", (float)report.Return, step);
        _tensorBoard.add_scalar("charts/episodic_length", report.Length, step);
    }

    /// <summary>Logs one update (metrics.csv without wall-clock columns; every finite metric to TensorBoard).</summary>
    public void Update(UpdateReport report)
    {
        if (_metrics is null)
        {
            // The metric set is fixed per algorithm: the first update decides the columns.
            _metricKeys = report.Metrics.Keys.Where(k => !IsWallClock(k)).Order(StringComparer.Ordinal).ToArray();
            _metrics = new CsvLog(Path.Combine(Folder, "metrics.csv"), ["global_step", "update", .. _metricKeys], _resumeStep);
        }
        var row = new double[_metricKeys.Length + 2];
        row[0] = report.GlobalStep;
        row[1] = report.Update;
        for (int i = 0; i < _metricKeys.Length; i++) row[i + 2] = report.Metrics.TryGetValue(_metricKeys[i], out var v) ? v : double.NaN;
        _metrics.Append(row);
        int step = TensorBoardStep(report.GlobalStep);
        foreach (var (key, value) in report.Metrics)
            if (double.IsFinite(value)) _tensorBoard.add_scalar(key == "sps" ? "charts/SPS" : $"losses/{key}", (float)value, step);
    }

    /// <summary>Logs an evaluation at <paramref name="globalStep"/> (eval.csv and TensorBoard's <c>eval/mean_return</c>).</summary>
    public void Evaluation(long globalStep, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _evaluations.Append([globalStep, result.MeanReturn, result.StdReturn, result.Returns.Length]);
        _tensorBoard.add_scalar("eval/mean_return", (float)result.MeanReturn, TensorBoardStep(globalStep));
    }

    /// <summary>Saves <c>checkpoints/step_NNNNNNNNNN.ckpt</c> (keeping the last <see cref="CheckpointsKept"/>); returns its path.</summary>
    public string SaveCheckpoint(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        string path = CheckpointPath(agent);
        agent.Save(path);
        foreach (var old in Checkpoints(Folder).SkipLast(CheckpointsKept)) File.Delete(old);
        return path;
    }

    /// <summary>
    /// Like <see cref="SaveCheckpoint"/>, but when a checkpoint of the agent's current step is already on disk it is kept
    /// as it is (a run that fails right after a periodic checkpoint must not rewrite it) and its path returned.
    /// </summary>
    public string SaveCheckpointUnlessSaved(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        string path = CheckpointPath(agent);
        return File.Exists(path) ? path : SaveCheckpoint(agent);
    }

    private string CheckpointPath(Agent agent) =>
        Path.Combine(Folder, CheckpointFolder, $"step_{agent.GlobalStep.ToString("D10", CultureInfo.InvariantCulture)}.ckpt");

    /// <summary>
    /// Writes <c>config.json</c> for a run started from the API: the env id, the algorithm, the seed and the agent's
    /// settings in snake_case (the keys of presets and <c>--set</c>). <c>dotgym train</c> writes its own, richer
    /// <c>config.json</c> (command line, vectorization, evaluation settings) that <c>--resume</c> reads back.
    /// </summary>
    public void SaveConfig(Agent agent, string envId)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var config = new JsonObject
        {
            ["env"] = envId,
            ["algo"] = agent.Config.Algorithm,
            ["seed"] = agent.Config.Seed,
            ["agent"] = ConfigBinder.ToJson(agent.Config),
        };
        AtomicFile.WriteAllText(Path.Combine(Folder, "config.json"), config.ToJsonString(RunSummary.Json));
    }

    /// <summary>Draws <c>learning_curve.png</c> from every episode logged (and kept from before a resume).</summary>
    public void SaveLearningCurve(string title, double? rewardThreshold) =>
        LearningCurvePlot.Save(Path.Combine(Folder, "learning_curve.png"), title, _episodeReturns, rewardThreshold);

    /// <summary>
    /// Ends a session: when <paramref name="finished"/>, saves <c>model.ckpt</c> and logs <paramref name="evaluation"/>
    /// (the final evaluation, if any) to eval.csv; then draws <c>learning_curve.png</c> and writes <c>summary.json</c>,
    /// which it returns. A resume that could not continue the envs exactly (<see cref="Agent.ResumedExactly"/> false,
    /// in this or an earlier session) is recorded there with its reason.
    /// </summary>
    public RunSummary Finish(Agent agent, string envId, EvaluationResult? evaluation = null, bool finished = true, double? rewardThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (finished)
        {
            agent.Save(Path.Combine(Folder, ModelFile));
            if (evaluation is not null) Evaluation(agent.GlobalStep, evaluation);
        }
        SaveLearningCurve($"{agent.Config.Algorithm.ToUpperInvariant()} on {envId}, seed {agent.Config.Seed}", rewardThreshold);
        string summaryPath = Path.Combine(Folder, "summary.json");
        var previous = _resumeStep is null ? null : RunSummary.TryRead(summaryPath);
        bool? exact = agent.ResumedExactly;
        string? warning = agent.InexactResumeReason;
        if (previous?.ResumedExactly == false)
        {
            exact = false;
            warning ??= previous.ResumeWarning;
        }
        else if (previous?.ResumedExactly == true && exact is null)
        {
            exact = true;
        }
        var summary = new RunSummary
        {
            Env = envId,
            Algo = agent.Config.Algorithm,
            Seed = agent.Config.Seed,
            Device = agent.Device.ToString(),
            Finished = finished,
            TotalEnvSteps = agent.GlobalStep,
            Updates = agent.Updates,
            Episodes = agent.Episodes,
            WallSeconds = Math.Round(agent.TrainingSeconds, 3),
            EnvStepsPerSecond = agent.TrainingSeconds > 0 ? Math.Round(agent.GlobalStep / agent.TrainingSeconds, 1) : null,
            TrainMeanReturnLast20 = agent.MeanRecentReturn(),
            RewardThreshold = rewardThreshold,
            EvalMeanReturn = finished ? evaluation?.MeanReturn : null,
            EvalStdReturn = finished ? evaluation?.StdReturn : null,
            EvalEpisodes = finished ? evaluation?.Returns.Length ?? 0 : 0,
            EvalDeterministic = true,
            StepsToThreshold = agent.StepsToThreshold,
            SecondsToThreshold = agent.SecondsToThreshold is { } s ? Math.Round(s, 3) : null,
            ResumedExactly = exact,
            ResumeWarning = exact == false ? warning : null,
            PeakWorkingSetMib = Math.Round(Math.Max(previous?.PeakWorkingSetMib ?? 0, System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)), 1),
            LibTorch = TorchRuntime.LibTorchVersion,
        };
        AtomicFile.WriteAllText(summaryPath, JsonSerializer.Serialize(summary, RunSummary.Json));
        return summary;
    }

    // TensorBoard's step is a 32-bit int in TorchSharp's writer; clamp rather than wrap for very long runs.
    private static int TensorBoardStep(long step) => (int)Math.Min(step, int.MaxValue);

    private static IEnumerable<string> Checkpoints(string folder) =>
        Directory.Exists(Path.Combine(folder, CheckpointFolder))
            ? Directory.EnumerateFiles(Path.Combine(folder, CheckpointFolder), "step_*.ckpt").Order(StringComparer.Ordinal)
            : [];

    private static IEnumerable<(long, double)> ReadEpisodes(string path)
    {
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            yield return (long.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[2], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Closes the CSV files (TorchSharp's SummaryWriter writes each event straight to its file).</summary>
    public void Dispose()
    {
        _metrics?.Dispose();
        _episodes.Dispose();
        _evaluations.Dispose();
    }
}
