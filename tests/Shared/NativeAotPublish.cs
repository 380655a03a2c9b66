using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace DotGym.Testing;

/// <summary>
/// The NativeAOT publish checks' shared steps: skip (with the fix) where NativeAOT cannot build, and publish a project
/// with <c>PublishAot=true</c> outside the source tree, requiring exit code 0 and not a single warning line. Linked
/// into the test projects that publish with NativeAOT.
/// </summary>
internal static class NativeAotPublish
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Skips the test off linux-x64, or without clang or zlib1g-dev, saying how to install them.</summary>
    public static void SkipUnlessAvailable()
    {
        Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
            "SKIPPED: the NativeAOT publish check runs on linux-x64 only.");
        Skip.If(ChildProcess.FindOnPath("clang") is null,
            "SKIPPED: NativeAOT needs clang on PATH (and zlib1g-dev); install them, e.g. `apt-get install -y clang zlib1g-dev` (.ci/run does).");
        Skip.If(!HasZlib(), "SKIPPED: NativeAOT needs zlib1g-dev (libz.so); install it, e.g. `apt-get install -y zlib1g-dev` (.ci/run does).");
    }

    /// <summary>
    /// Publishes <paramref name="project"/> for linux-x64 with NativeAOT into <c>work/publish</c> (intermediate files in
    /// <c>work/artifacts</c>, so the publish never touches files a concurrent build or test run is using); fails on a
    /// non-zero exit code or any warning line. Returns the publish folder.
    /// </summary>
    public static string Publish(string project, string work, ITestOutputHelper output)
    {
        string publishDir = Path.Combine(work, "publish");
        var stopwatch = Stopwatch.StartNew();
        var (exitCode, text) = ChildProcess.Run(ChildProcess.DotnetHost(),
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", publishDir,
             "--artifacts-path", Path.Combine(work, "artifacts"), "--disable-build-servers", "-nologo"],
            ChildProcess.RepositoryRoot(), PublishTimeout);
        output.WriteLine($"dotnet publish (NativeAOT) took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"dotnet publish failed (exit code {exitCode}):\n{text}");
        var warnings = text.Split('\n').Where(l => Regex.IsMatch(l, @"\bwarning\b", RegexOptions.IgnoreCase)).ToArray();
        Assert.True(warnings.Length == 0, $"The NativeAOT publish printed {warnings.Length} warning line(s):\n{string.Join('\n', warnings)}");
        return publishDir;
    }

    private static bool HasZlib() =>
        new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/lib" }
            .Any(dir => File.Exists(Path.Combine(dir, "libz.so")) || File.Exists(Path.Combine(dir, "libz.a")));
}
