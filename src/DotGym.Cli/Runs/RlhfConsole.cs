using DotGym.Rlhf.Pipeline;
using Spectre.Console;

namespace DotGym.Cli.Runs;

/// <summary>
/// Shows RLHF stages as they run: one progress bar per stage in a terminal, plain lines (each stage's milestones and
/// results) when the output goes to a log or a pipe, where redrawn bars would be noise.
/// </summary>
internal static class RlhfConsole
{
    public static T Run<T>(Func<Action<RlhfProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return work(p => { if (p.Line is not null) Console.WriteLine(p.Line); });
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return work(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        foreach (var done in tasks.Values) done.Value = done.MaxValue; // an early-stopped stage is finished
                        tasks[p.Stage] = task = context.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                    }
                    task.Value = Math.Min(p.Step, task.MaxValue);
                    if (p.Line is not null) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(p.Line)}[/]");
                });
            });
    }
}
