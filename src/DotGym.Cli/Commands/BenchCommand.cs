using DotGym.Rendering;
using System.CommandLine;
using System.Globalization;
using DotGym.Cli.Runs;
using DotGym.Cli.Throughput;
using DotGym.Experiments.Throughput;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym bench throughput</c>: quick env-steps-per-second measurements of the built-in envs.</summary>
internal static class BenchCommand
{
    private const double MaxSecondsPerCase = 600;

    public static Command Create() => new("bench", "Measure DotGym: env throughput (`bench throughput`) and multi-seed learning results (`bench learn`).")
    {
        CreateThroughput(),
        BenchLearnCommand.Create(),
    };

    private static Command CreateThroughput()
    {
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to FILE (written to a temp file, then moved into place).", HelpName = "FILE" };
        var seconds = new Option<double>("--seconds", "-s") { Description = "Time budget per case in seconds: a fifth warms up, the rest is split into the timed repetitions.", DefaultValueFactory = _ => 2.0, HelpName = "S" };
        var filter = new Option<string?>("--filter", "-f") { Description = "Only run cases whose name contains TEXT (case-insensitive), e.g. CartPole or /single.", HelpName = "TEXT" };
        int caseNameWidth = BuiltinThroughputCases.All.Max(c => c.Name.Length);
        var command = new Command("throughput",
            $"""
            Measure how many environment steps per second each built-in case runs, without BenchmarkDotNet's long runs.

            How it measures: each case builds its envs and pre-samples random actions (untimed), warms up (JIT, caches)
            while sizing its repetitions, then times {new ThroughputOptions().Repetitions} equal repetitions with a Stopwatch. The table shows the MEDIAN
            env-steps/s (one step of one env counts 1; one step of a 1024-env batch counts 1024), the slowest and fastest
            repetition, and the bytes allocated per step on the measuring thread (0 means allocation-free stepping).
            Numbers depend on the machine and on whatever else runs on it: compare medians measured on the same machine,
            and close other work first.

            Cases:
            {string.Join(Environment.NewLine, BuiltinThroughputCases.All.Select(c => $"  {c.Name.PadRight(caseNameWidth)} {c.Description}"))}

            Examples:
              dotgym bench throughput                              every case, about 2 s each
              dotgym bench throughput --filter CartPole --seconds 5
              dotgym bench throughput --json results/throughput.json
            """)
        { json, seconds, filter };
        command.SetAction(parse =>
        {
            double budget = parse.GetValue(seconds);
            if (!double.IsFinite(budget) || budget <= 0 || budget > MaxSecondsPerCase)
                return RunCommand.Fail($"--seconds must be a number of seconds above 0 and at most {MaxSecondsPerCase}, got {budget.ToString(CultureInfo.InvariantCulture)}.");
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null && (jsonPath.Trim().Length == 0 || Directory.Exists(jsonPath)))
                return RunCommand.Fail($"--json needs a file path, got '{jsonPath}'{(jsonPath.Trim().Length == 0 ? "" : ", which is a directory")}. Example: --json throughput.json");

            IReadOnlyList<ThroughputCase> cases;
            try { cases = ThroughputCatalog.Select(parse.GetValue(filter), BuiltinThroughputCases.All); }
            catch (ArgumentException e) { return RunCommand.Fail(e.Message); }

            var options = new ThroughputOptions { SecondsPerCase = budget };
            var machine = MachineInfo.Detect();
            AnsiConsole.MarkupLine($"[dim]{Markup.Escape($"{cases.Count} case(s), about {budget.ToString(CultureInfo.InvariantCulture)} s each, on {machine.Cpu} ({machine.Cores} cores), {machine.DotNet}")}[/]");
            int done = 0;
            var results = new ThroughputRunner(options).RunAll(cases, result =>
                AnsiConsole.MarkupLine($"[dim]  {++done}/{cases.Count} {Markup.Escape(result.Name)}: {Rate(result.StepsPerSecond)} steps/s[/]"));

            AnsiConsole.Write(ResultTable(results));
            AnsiConsole.MarkupLine("[dim]Median of the timed repetitions; shared or busy machines vary from run to run.[/]");
            if (jsonPath is not null)
            {
                try { AtomicFile.Write(jsonPath, new ThroughputReport(machine, options, results).WriteJson); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return RunCommand.Fail($"Could not write --json {jsonPath}: {e.Message} (the table above still holds the results).");
                }
                AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(jsonPath))}");
            }
            return 0;
        });
        return command;
    }

    private static Table ResultTable(IReadOnlyList<ThroughputResult> results)
    {
        var table = new Table().AddColumns("Case", "Median steps/s", "Slowest–fastest", "Bytes/step");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var r in results)
            table.AddRow(
                Markup.Escape(r.Name),
                Rate(r.StepsPerSecond),
                $"{Compact(r.RepetitionStepsPerSecond.Min())}–{Compact(r.RepetitionStepsPerSecond.Max())}",
                r.AllocatedBytesPerStep is { } bytes ? bytes.ToString("0.##", CultureInfo.InvariantCulture) : "n/a");
        return table;
    }

    private static string Rate(double stepsPerSecond) => stepsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>3 significant digits with a k/M/G suffix, e.g. 8.15M: short enough for the range column.</summary>
    private static string Compact(double value)
    {
        var (scaled, suffix) = value switch
        {
            >= 1e9 => (value / 1e9, "G"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        string format = scaled >= 100 ? "0" : scaled >= 10 ? "0.0" : "0.00";
        return scaled.ToString(format, CultureInfo.InvariantCulture) + suffix;
    }
}
