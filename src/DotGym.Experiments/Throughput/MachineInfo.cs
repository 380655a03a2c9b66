using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DotGym.Experiments.Throughput;

/// <summary>Where numbers were measured: throughput means little without the CPU, the runtime and the code version.</summary>
/// <param name="Cpu">CPU model (from /proc/cpuinfo on Linux; the architecture elsewhere).</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="OperatingSystem">OS description.</param>
/// <param name="DotNet">.NET runtime description.</param>
/// <param name="GitCommit">HEAD of the current directory's git repository, null when unknown.</param>
public sealed record MachineInfo(string Cpu, int Cores, string OperatingSystem, string DotNet, string? GitCommit)
{
    /// <summary>Describes the machine this process runs on.</summary>
    public static MachineInfo Detect() => new(
        CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, GitCommitOf(Environment.CurrentDirectory));

    /// <summary>The first "model name" of /proc/cpuinfo-formatted <paramref name="cpuinfo"/>, or null.</summary>
    public static string? ParseCpuModel(string cpuinfo)
    {
        foreach (var line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == "model name") return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo") && ParseCpuModel(File.ReadAllText("/proc/cpuinfo")) is { Length: > 0 } model) return model;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

    /// <summary>Asks git for HEAD; null when git is missing, slow or the directory is not a repository.</summary>
    private static string? GitCommitOf(string directory)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(5000))
            {
                git.Kill();
                return null;
            }
            string commit = output.Result.Trim();
            return git.ExitCode == 0 && commit.Length >= 7 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // git not installed
        catch (InvalidOperationException) { return null; }
    }
}
