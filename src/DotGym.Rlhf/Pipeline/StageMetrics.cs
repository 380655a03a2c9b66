using DotGym.Agents.Logging;
using TorchSharp;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// One stage's per-step metrics, written as they come to <c>metrics_STAGE.csv</c> (spreadsheets) and to TensorBoard
/// event files under <c>tensorboard/STAGE</c> (tags <c>STAGE/column</c>), so <c>tensorboard --logdir RUN/tensorboard</c>
/// shows every stage of a run side by side.
/// </summary>
internal sealed class StageMetrics : IDisposable
{
    private readonly string _stage;
    private readonly CsvLog _csv;
    private readonly TorchSharp.Modules.SummaryWriter _tensorBoard;

    public StageMetrics(RlhfRunFolder run, string stage, IReadOnlyList<string> columns)
    {
        _stage = stage;
        Directory.CreateDirectory(run.Path);
        _csv = new CsvLog(run.MetricsOf(stage), columns);
        _tensorBoard = torch.utils.tensorboard.SummaryWriter(Path.Combine(run.TensorBoard, stage));
    }

    /// <summary>One row: the first value is the step (the x axis), the rest its metrics in column order.</summary>
    public void Append(params double[] values)
    {
        _csv.Append(values);
        int step = (int)values[0];
        for (int c = 1; c < values.Length; c++)
            if (double.IsFinite(values[c])) _tensorBoard.add_scalar($"{_stage}/{_csv.Columns[c]}", (float)values[c], step);
    }

    public void Dispose() => _csv.Dispose();
}
