using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using DotGym.AotSmoke;
using DotGym.Testing;
using Xunit.Abstractions;

namespace DotGym.Tests.Aot;

/// <summary>
/// DotGym.Core and DotGym.Envs under NativeAOT: publishes tests/DotGym.AotSmoke (which makes CartPole-v1,
/// FrozenLake-v1 and a sync Gym.MakeVec and checksums seeded rollouts), requires a publish without a single warning
/// (trim IL2xxx, AOT IL3xxx or any other), runs the native binary and compares its checksum with the same rollout
/// under the JIT. NativeAOT needs clang and zlib1g-dev: without them (or off linux-x64) the test is reported as
/// skipped, with the reason.
/// </summary>
public class NativeAotPublishTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    [SkippableFact]
    [Trait("Category", "NativeAot")]
    public void NativeAotPublishOfTheSmokeAppHasNoWarningsAndMatchesTheJitChecksum()
    {
        Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
            "SKIPPED: the NativeAOT publish check runs on linux-x64 only.");
        Skip.If(ChildProcess.FindOnPath("clang") is null,
            "SKIPPED: NativeAOT needs clang on PATH (and zlib1g-dev); install them, e.g. `apt-get install -y clang zlib1g-dev` (.ci/run does).");
        Skip.If(!HasZlib(), "SKIPPED: NativeAOT needs zlib1g-dev (libz.so); install it, e.g. `apt-get install -y zlib1g-dev` (.ci/run does).");

        string root = ChildProcess.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "dotgym-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string publishDir = Path.Combine(work, "publish");
            // --artifacts-path keeps every intermediate and output file (Core and Envs included) out of the source
            // tree, so the publish never touches files a concurrent build or test run is using.
            var stopwatch = Stopwatch.StartNew();
            var (exitCode, text) = ChildProcess.Run(ChildProcess.DotnetHost(),
                ["publish", Path.Combine(root, "tests", "DotGym.AotSmoke", "DotGym.AotSmoke.csproj"), "-c", "Release", "-r", "linux-x64",
                 "-p:PublishAot=true", "-o", publishDir, "--artifacts-path", Path.Combine(work, "artifacts"), "--disable-build-servers", "-nologo"],
                root, PublishTimeout);
            stopwatch.Stop();
            output.WriteLine($"dotnet publish (NativeAOT) took {stopwatch.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine(text);
            Assert.True(exitCode == 0, $"dotnet publish failed (exit code {exitCode}):\n{text}");
            var warnings = text.Split('\n').Where(l => Regex.IsMatch(l, @"\bwarning\b", RegexOptions.IgnoreCase)).ToArray();
            Assert.True(warnings.Length == 0, $"The NativeAOT publish printed {warnings.Length} warning line(s):\n{string.Join('\n', warnings)}");

            string binary = Path.Combine(publishDir, "DotGym.AotSmoke");
            Assert.True(File.Exists(binary), $"No native binary at {binary}; publish output:\n{text}");
            var (runCode, runText) = ChildProcess.Run(binary, [], work, TimeSpan.FromMinutes(1));
            Assert.True(runCode == 0, $"The native smoke app failed (exit code {runCode}):\n{runText}");
            var match = Regex.Match(runText, @"checksum: ([0-9a-f]{16})");
            Assert.True(match.Success, $"The native smoke app printed no checksum:\n{runText}");
            string jit = SmokeChecksum.Compute().ToString("x16");
            output.WriteLine($"native checksum {match.Groups[1].Value}, JIT checksum {jit}");
            Assert.Equal(jit, match.Groups[1].Value);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool HasZlib() =>
        new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/lib" }
            .Any(dir => File.Exists(Path.Combine(dir, "libz.so")) || File.Exists(Path.Combine(dir, "libz.a")));
}
