namespace DotGym.Benchmarks.Infrastructure;

/// <summary>
/// Lets LibTorch load in BenchmarkDotNet's benchmark processes. Each process is built from a generated project that
/// skips Directory.Build.targets, where the repository's TorchSharp native fix lives; MSBuild imports the file named
/// by the <c>CustomAfterMicrosoftCommonTargets</c> property (read from the environment) into every project it builds,
/// so setting it here, before BenchmarkDotNet starts its builds, brings the fix back
/// (see build/TorchSharpNativeFix.GeneratedProjects.targets).
/// </summary>
internal static class GeneratedProjectNativeFix
{
    private const string Variable = "CustomAfterMicrosoftCommonTargets";
    private const string TargetsFile = "build/TorchSharpNativeFix.GeneratedProjects.targets";

    public static void Enable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) return; // the caller chose their own
        if ((FindUpwards(AppContext.BaseDirectory) ?? FindUpwards(Environment.CurrentDirectory)) is not { } targets)
        {
            Console.Error.WriteLine($"DotGym.Benchmarks: {TargetsFile} not found above {AppContext.BaseDirectory}; TorchSharp benchmarks may fail to load LibTorch in their own process (use --inProcess).");
            return;
        }
        Environment.SetEnvironmentVariable(Variable, targets);
    }

    private static string? FindUpwards(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, TargetsFile);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
