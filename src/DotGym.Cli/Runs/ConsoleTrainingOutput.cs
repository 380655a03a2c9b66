using Spectre.Console;

namespace DotGym.Cli.Runs;

/// <summary>A live progress bar (steps, steps/s, recent return, time left) while a run trains.</summary>
internal sealed class ConsoleTrainingOutput : TrainingOutput
{
    private ProgressTask? _task;

    /// <summary>Runs <paramref name="work"/> under a progress bar of <paramref name="totalSteps"/> env steps.</summary>
    public T Run<T>(string title, long totalSteps, Func<T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                _task = context.AddTask(Markup.Escape(title), maxValue: totalSteps);
                var result = work();
                _task.Value = Math.Max(_task.Value, _task.MaxValue);
                return result;
            });

    public override void Progress(long step, long total, double stepsPerSecond, double? recentReturn)
    {
        if (_task is null) return;
        _task.Value = Math.Min(step, total);
        string ret = recentReturn is { } r ? $"return {r:0.0}" : "no episode yet";
        _task.Description = Markup.Escape($"{step:N0} steps | {stepsPerSecond:N0} steps/s | {ret}");
    }

    public override void Info(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
