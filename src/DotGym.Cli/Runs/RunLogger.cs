using DotGym.Agents.Training;
using TorchSharp;

namespace DotGym.Cli.Runs;

/// <summary>
/// Writes what a training run reports into its folder: <c>metrics.csv</c> (one row per update),
/// <c>episodes.csv</c> (one row per training episode), <c>eval.csv</c>, and TensorBoard event files under
/// <c>tensorboard/</c>. The CSVs hold only quantities that repeat exactly for a seed (no wall-clock values), so two
/// runs can be compared with diff; timing goes to TensorBoard and <c>summary.json</c>.
/// </summary>
internal sealed class RunLogger : IDisposable
{
    private static bool IsWallClock(string key) => key == "sps" || key.EndsWith("_seconds", StringComparison.Ordinal);
    private readonly string _folder;
    private readonly long? _resumeStep;
    private readonly TorchSharp.Modules.SummaryWriter _tensorBoard;
    private readonly CsvLog _episodes;
    private readonly CsvLog _evaluations;
    private CsvLog? _metrics;
    private string[] _metricKeys = [];

    public RunLogger(string folder, long? resumeStep)
    {
        _folder = folder;
        _resumeStep = resumeStep;
        _tensorBoard = torch.utils.tensorboard.SummaryWriter(Path.Combine(folder, "tensorboard"));
        _episodes = new CsvLog(Path.Combine(folder, "episodes.csv"), ["global_step", "env", "return", "length"], resumeStep);
        _evaluations = new CsvLog(Path.Combine(folder, "eval.csv"), ["global_step", "mean_return", "std_return", "episodes"], resumeStep);
        if (resumeStep is not null) Episodes.AddRange(ReadEpisodes(Path.Combine(folder, "episodes.csv")));
    }

    /// <summary>Every training episode so far (global step, return), for the learning curve.</summary>
    public List<(long Step, double Return)> Episodes { get; } = [];

    public void Episode(EpisodeReport report)
    {
        Episodes.Add((report.GlobalStep, report.Return));
        _episodes.Append([report.GlobalStep, report.Env, report.Return, report.Length]);
        int step = TensorBoardStep(report.GlobalStep);
        _tensorBoard.add_scalar("charts/episodic_return", (float)report.Return, step);
        _tensorBoard.add_scalar("charts/episodic_length", report.Length, step);
    }

    public void Update(UpdateReport report)
    {
        if (_metrics is null)
        {
            // The metric set is fixed per algorithm: the first update decides the columns.
            _metricKeys = report.Metrics.Keys.Where(k => !IsWallClock(k)).Order(StringComparer.Ordinal).ToArray();
            _metrics = new CsvLog(Path.Combine(_folder, "metrics.csv"), ["global_step", "update", .. _metricKeys], _resumeStep);
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

    public void Evaluation(long globalStep, double mean, double std, int episodes)
    {
        _evaluations.Append([globalStep, mean, std, episodes]);
        _tensorBoard.add_scalar("eval/mean_return", (float)mean, TensorBoardStep(globalStep));
    }

    // TensorBoard's step is a 32-bit int in TorchSharp's writer; clamp rather than wrap for very long runs.
    private static int TensorBoardStep(long step) => (int)Math.Min(step, int.MaxValue);

    private static IEnumerable<(long, double)> ReadEpisodes(string path)
    {
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            yield return (long.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        _metrics?.Dispose();
        _episodes.Dispose();
        _evaluations.Dispose();
        // TorchSharp's SummaryWriter writes each event straight to its file; nothing to flush.
    }
}
