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
    [SkippableFact]
    [Trait("Category", "NativeAot")]
    public void NativeAotPublishOfTheSmokeAppHasNoWarningsAndMatchesTheJitChecksum()
    {
        NativeAotPublish.SkipUnlessAvailable();

        string root = ChildProcess.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "dotgym-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string publishDir = NativeAotPublish.Publish(Path.Combine(root, "tests", "DotGym.AotSmoke", "DotGym.AotSmoke.csproj"), work, output);

            string binary = Path.Combine(publishDir, "DotGym.AotSmoke");
            Assert.True(File.Exists(binary), $"No native binary at {binary} after a successful publish.");
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
}
