using System.Diagnostics;
using System.Text;
using DotGym.Testing;

namespace DotGym.Cluster.Tests;

/// <summary>A real `dotgym cluster silo` process, started and awaited until it prints "Silo up"; disposing kills it.</summary>
internal sealed class SiloProcess : IDisposable
{
    /// <summary>The dotgym CLI built next to the tests (the project references DotGym.Cli).</summary>
    public static readonly string Dotgym = Path.Combine(AppContext.BaseDirectory, "dotgym.dll");

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public SiloProcess(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Dotgym);
        start.ArgumentList.Add("cluster");
        start.ArgumentList.Add("silo");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("DOTGYM_CLUSTER_SECRET");
        start.Environment.Remove("DOTGYM_CLUSTER_MEMBERSHIP");
        _process = Process.Start(start)!;
        var up = new TaskCompletionSource();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data.StartsWith("Silo up")) up.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!up.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            Dispose();
            throw new TimeoutException($"dotgym cluster silo {string.Join(' ', arguments)} did not come up:\n{Output}");
        }
    }

    /// <summary>What the silo printed so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Whether the output, whitespace collapsed (the console wraps long lines), contains <paramref name="text"/>
    /// within <paramref name="timeout"/>: a wrapped line's rest may arrive after its start.
    /// </summary>
    public bool Printed(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!System.Text.RegularExpressions.Regex.Replace(Output, @"\s+", " ").Contains(text))
        {
            if (clock.Elapsed > timeout) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>Kills the process at once, as a crashed machine would go (no graceful leave from the membership).</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { /* already gone */ }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
