using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using DotGym.Runtime;
using DotGym.Testing;
using Lander.Play;
using Xunit.Abstractions;

namespace DotGym.Runtime.Tests.Aot;

/// <summary>
/// The example game as it ships: the committed trained policy (examples/Lander/lander.dgpolicy, from `dotgym train`
/// and `dotgym export`, see examples/Lander/README.md) lands the craft on the pad in at least 95 % of 100 episodes
/// with a mean return of at least 200, under the JIT; examples/Lander/Lander.Play (Runtime + Core + the game)
/// publishes with NativeAOT without a single warning, and its native binary flies the same 100 episodes to the same
/// score, bit for bit (the same returns' checksum). Needs clang and zlib1g-dev; without them it is reported skipped.
/// </summary>
public class LanderNativeAotTests(ITestOutputHelper output)
{
    public const int Episodes = 100;
    public const long Seed = 10_000;
    public const double StatedLandingRate = 0.95, StatedMeanReturn = 200;

    private static string PolicyPath => Path.Combine(ChildProcess.RepositoryRoot(), "examples", "Lander", "lander.dgpolicy");

    [Fact]
    public void TheTrainedPolicyReachesTheStatedScore()
    {
        var report = Flights.Fly(RuntimePolicy.Load(PolicyPath), Episodes, Seed);
        output.WriteLine($"JIT: landed {report.Landed}/{Episodes}, mean return {report.MeanReturn:0.00}");
        Assert.True(report.LandingRate >= StatedLandingRate, $"landed only {report.Landed} of {Episodes}");
        Assert.True(report.MeanReturn >= StatedMeanReturn, $"mean return {report.MeanReturn:0.00} < {StatedMeanReturn}");
    }

    [SkippableFact]
    [Trait("Category", "NativeAot")]
    public void TheNativeAotBuildPublishesWithoutWarningsAndReachesTheSameScoreBitForBit()
    {
        NativeAotPublish.SkipUnlessAvailable();

        string root = ChildProcess.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "dotgym-lander-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string publishDir = NativeAotPublish.Publish(Path.Combine(root, "examples", "Lander", "Lander.Play", "Lander.Play.csproj"), work, output);

            string binary = Path.Combine(publishDir, "Lander.Play");
            var (runCode, runText) = ChildProcess.Run(binary, ["--episodes", Episodes.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture)],
                work, TimeSpan.FromMinutes(1));
            output.WriteLine(runText);
            Assert.True(runCode == 0, $"The native Lander.Play failed (exit code {runCode}):\n{runText}");
            var jit = Flights.Fly(RuntimePolicy.Load(PolicyPath), Episodes, Seed);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"landed {jit.Landed} ("), runText);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"mean return {jit.MeanReturn:0.00}"), runText);
            Assert.Contains($"checksum: {jit.Checksum:x16}", runText);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
