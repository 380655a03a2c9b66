using DotGym.Rendering;
using DotGym.Spaces;
using DotGym.Tests.Rendering;
using DotGym.Wrappers;

namespace DotGym.Tests.Wrappers;

/// <summary>An env whose outputs are set by the test.</summary>
public sealed class ScriptedEnv : Env<float[], int>
{
    public float[] NextObservation { get; set; } = [0f];
    public double NextReward { get; set; }
    public bool NextTerminated { get; set; }
    public IReadOnlyDictionary<string, object>? NextInfo { get; set; } = Infos.Empty;
    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-1f, 1f, 1);
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        return new ResetResult<float[]>(NextObservation, NextInfo!);
    }

    public override StepResult<float[]> Step(int action) => new(NextObservation, NextReward, NextTerminated, false, NextInfo!);
}

public class PassiveEnvCheckerTests
{
    [Fact]
    public void AWellBehavedEnvRaisesNoWarnings()
    {
        using var warnings = DotGymWarnings.Capture();
        var env = new PassiveEnvChecker<float[], int>(new WalkerEnv(RenderModes.RgbArray));
        env.Reset(seed: 0);
        env.Step(1);
        env.Render();
        Assert.Empty(warnings.Warnings);
    }

    [Fact]
    public void WarnsOnceAboutObservationsOutsideTheSpaceNaNAndBadRewards()
    {
        using var warnings = DotGymWarnings.Capture();
        var inner = new ScriptedEnv { NextObservation = [5f] };
        var env = new PassiveEnvChecker<float[], int>(inner);
        env.Reset();
        env.Reset(); // only the first reset is checked
        Assert.Single(warnings.Messages, m => m.Contains("Reset()") && m.Contains("not within the observation space"));
        inner.NextObservation = [float.NaN];
        inner.NextReward = double.PositiveInfinity;
        env.Step(0);
        env.Step(0);
        Assert.Single(warnings.Messages, m => m.Contains("Step()") && m.Contains("NaN at index 0"));
        Assert.Single(warnings.Messages, m => m.Contains("reward") && m.Contains("infinity"));
        Assert.All(warnings.Warnings, w => Assert.Equal("PassiveEnvChecker", w.Source));
    }

    [Fact]
    public void WarnsOnceWhenSteppingAfterTheEpisodeEnded()
    {
        using var warnings = DotGymWarnings.Capture();
        var env = new PassiveEnvChecker<float[], int>(new ScriptedEnv { NextTerminated = true });
        env.Reset();
        env.Step(0);
        env.Step(0);
        env.Step(0);
        Assert.Single(warnings.Messages, m => m.Contains("after the episode ended"));
    }

    [Fact]
    public void NullInfoIsAHardContractViolation()
    {
        var env = new PassiveEnvChecker<float[], int>(new ScriptedEnv { NextInfo = null });
        var e = Assert.Throws<InvalidOperationException>(() => env.Reset());
        Assert.Contains("Infos.Empty", e.Message);
    }

    [Fact]
    public void GymMakeStyleChainPutsTheCheckerInnermost()
    {
        Env<float[], int> env = new TimeLimit<float[], int>(new OrderEnforcing<float[], int>(new PassiveEnvChecker<float[], int>(new WalkerEnv())), 5);
        Assert.Equal("TimeLimit<OrderEnforcing<PassiveEnvChecker<WalkerEnv>>>", env.ToString());
        Assert.NotNull(WrapperChain.Find<PassiveEnvChecker<float[], int>>(env));
    }
}

public class RecordEpisodesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-record-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void RunEpisodes<TAct>(Env<float[], TAct> env, int episodes, Func<TAct> action)
    {
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(seed: e);
            while (true)
            {
                var r = env.Step(action());
                if (r.Terminated || r.Truncated) break;
            }
        }
    }

    [Fact]
    public void WritesOneGifPerScheduledEpisodeWithOneFramePerResetAndStep()
    {
        var env = new RecordEpisodes<float[], int>(new TimeLimit<float[], int>(new WalkerEnv(RenderModes.RgbArray), 6), _folder);
        RunEpisodes(env, 3, () => 2);
        env.Dispose();
        // capped cubic: episodes 0 and 1 of 0..2; WalkerEnv at x≈0 stepping +0.5 terminates within 6 steps or truncates at 6
        Assert.Equal(["rl-video-episode-0.gif", "rl-video-episode-1.gif"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order());
        var gif = ImageDecoders.DecodeGif(File.ReadAllBytes(Path.Combine(_folder, "rl-video-episode-0.gif")));
        Assert.InRange(gif.Frames.Count, 2, 7);
        Assert.All(gif.Frames, f => Assert.Equal((8, 6, 10), (f.Image.Width, f.Image.Height, f.Delay)));
        Assert.Equal(2, env.WrittenPaths.Count);
    }

    [Fact]
    public void MatchesTheRawRendersFrameByFrame()
    {
        var reference = new WalkerEnv(RenderModes.RgbArray);
        var expected = new List<byte[]>();
        reference.Reset(seed: 0);
        expected.Add((byte[])reference.Render()!.Image!.Pixels.Clone());
        for (int t = 0; t < 4; t++)
        {
            reference.Step(0);
            expected.Add((byte[])reference.Render()!.Image!.Pixels.Clone());
        }
        using (var env = new RecordEpisodes<float[], int>(new TimeLimit<float[], int>(new WalkerEnv(RenderModes.RgbArray), 4), _folder, RecordingFormat.PngFrames))
            RunEpisodes(env, 1, () => 0);
        var folder = Path.Combine(_folder, "rl-video-episode-0");
        var frames = Directory.GetFiles(folder).Order().ToArray();
        Assert.Equal(5, frames.Length);
        Assert.Equal("frame-000000.png", Path.GetFileName(frames[0]));
        for (int i = 0; i < frames.Length; i++)
            Assert.Equal(expected[i], ImageDecoders.DecodePng(File.ReadAllBytes(frames[i])).Pixels);
        Assert.Single(Directory.GetFileSystemEntries(_folder)); // no temporary folder left behind
    }

    [Fact]
    public void EveryKthScheduleAndUnfinishedEpisodesAreWrittenOnDispose()
    {
        var env = new RecordEpisodes<float[], int>(new WalkerEnv(RenderModes.RgbArray), _folder, episodeTrigger: RecordingSchedules.Every(2), namePrefix: "walk");
        for (int e = 0; e < 3; e++) { env.Reset(seed: e); env.Step(1); }
        Assert.True(env.IsRecording);
        env.Dispose();
        Assert.Equal(["walk-episode-0.gif", "walk-episode-2.gif"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void NeedsAnRgbArrayEnv()
    {
        var e = Assert.Throws<ArgumentException>(() => new RecordEpisodes<float[], int>(new WalkerEnv(RenderModes.Ansi), _folder));
        Assert.Contains("rgb_array", e.Message);
    }

    [Theory]
    [InlineData(0, true)] [InlineData(1, true)] [InlineData(2, false)] [InlineData(8, true)] [InlineData(27, true)]
    [InlineData(999, false)] [InlineData(1000, true)] [InlineData(1001, false)] [InlineData(2000, true)]
    public void CappedCubicScheduleMatchesGymnasium(int episode, bool recorded) =>
        Assert.Equal(recorded, RecordingSchedules.CappedCubic(episode));
}
