using System.Diagnostics;

namespace DotGym.Cli.Runs;

/// <summary>What a training child process left behind: its exit code and the end of what it printed (stdout and stderr as they came).</summary>
internal sealed record TrainingProcessOutcome(int ExitCode, string OutputTail)
{
    /// <summary>The line that says what went wrong: the first error or exception line of the tail, else its last line.</summary>
    public string Reason
    {
        get
        {
            var lines = OutputTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.FirstOrDefault(l => l.StartsWith("error:", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal))
                ?? lines.LastOrDefault() ?? "no output";
        }
    }
}

/// <summary>
/// Trains one run folder (its <c>config.json</c>, written by the caller) in a child `dotgym train --resume` process:
/// each learning-benchmark job gets its own process, so jobs never share TorchSharp's native state (a race between
/// in-process jobs was seen), a crash ends only its own job, and an interrupted job continues from its last checkpoint.
/// </summary>
internal static class TrainingProcess
{
    private const int TailLines = 40;

    public static TrainingProcessOutcome Run(string runFolder)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var (fileName, prefix) = SelfCommand();
        start.FileName = fileName;
        foreach (var argument in prefix.Concat(["train", "--resume", runFolder, "--no-progress"])) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1"; // the job's config asks for one torch thread; OpenMP follows
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // The CLI prints its errors on stdout and the runtime its crashes on stderr: the tail of both says what happened.
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines) tail.Dequeue();
            }
        }
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (tail) return new TrainingProcessOutcome(process.ExitCode, string.Join('\n', tail));
    }

    /// <summary>
    /// How to start this CLI again: its own apphost (<c>dotgym</c>), or the dotnet host with <c>dotgym.dll</c> when it
    /// runs as <c>dotnet dotgym.dll</c> or inside another .NET process (a test host).
    /// </summary>
    private static (string FileName, string[] Prefix) SelfCommand()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotgym", StringComparison.OrdinalIgnoreCase)) return (self, []);
        string dll = typeof(TrainingProcess).Assembly.Location;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk) ? fromSdk
            : self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self
            : "dotnet";
        return (host, [dll]);
    }
}
