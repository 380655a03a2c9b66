using DotGym.Cli;
using DotGym.Cli.Commands;
using DotGym.Registration;
using DotGym.Spaces;

namespace DotGym.Agents.Tests.Cli;

/// <summary>Returns an observation outside its Box(-1, 1) observation space: the passive checker must say so.</summary>
public sealed class OutOfSpaceEnv : Env<float[], int>
{
    private readonly float[] _observation = [5f];
    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-1f, 1f, 1);
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        return new(_observation, Infos.Empty);
    }

    public override StepResult<float[]> Step(int action) => new(_observation, 0, Terminated: true, Truncated: false, Infos.Empty);
}

/// <summary>`dotgym run`: warnings of a broken env on stderr, --env-arg reaching the env, one-line errors.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public void RunPrintsThePassiveCheckerWarningOnStderrForAnEnvThatBreaksItsSpace()
    {
        Gym.Register("OutOfSpace-v0", _ => new OutOfSpaceEnv(), maxEpisodeSteps: 10);
        DotGymWarnings.ToStandardError();
        DotGymWarnings.ForgetShown(); // an earlier test in this process may have shown the same warning already
        var (code, error) = DotgymProcess.RunCapturingStderr("run", "--env", "OutOfSpace-v0", "--episodes", "2");
        Assert.Equal(0, code);
        Assert.Contains("warning: [PassiveEnvChecker]", error);
        Assert.Contains("Reset()", error);
        Assert.Contains("not within the observation space", error);
        // Once per kind: the second episode's reset is not reported again.
        int resets = error.Split('\n').Count(l => l.Contains("Reset()") && l.Contains("not within the observation space"));
        Assert.Equal(1, resets);
    }

    [Fact]
    public void RunPassesEnvArgsToTheEnvAndRefusesAPairWithoutEquals()
    {
        IReadOnlyDictionary<string, object>? seen = null;
        Gym.Register("KwargsProbe-v0", kwargs =>
        {
            seen = kwargs;
            return new DotGym.Agents.Tests.TestEnvs.Grid4x4();
        }, maxEpisodeSteps: 5);
        Assert.Equal(0, Program.Main(["run", "--env", "KwargsProbe-v0", "--episodes", "1", "--env-arg", "size=7", "--env-arg", "slippery=false", "name=x"]));
        Assert.NotNull(seen);
        Assert.Equal(7, Assert.IsType<int>(seen["size"]));
        Assert.False(Assert.IsType<bool>(seen["slippery"]));
        Assert.Equal("x", Assert.IsType<string>(seen["name"]));
        Assert.Equal(2, Program.Main(["run", "--env", "KwargsProbe-v0", "--env-arg", "size"]));
    }

    [Fact]
    public void PlayOnAnEnvWithoutRenderModesGivesOneMessageThatSuggestsNoOtherFlag()
    {
        string terminal = PlayCommand.MissingRenderMode("Reach1D-v0", [], gif: false)!;
        string gif = PlayCommand.MissingRenderMode("Reach1D-v0", [], gif: true)!;
        Assert.Equal(terminal, gif); // the same answer whichever way it was asked: no loop between two flags
        Assert.Contains("declares no render modes", terminal);
        Assert.Contains("Metadata.RenderModes", terminal);
        Assert.DoesNotContain("--gif", terminal);
        Assert.DoesNotContain("it offers: )", terminal);
    }

    [Fact]
    public void PlayPointsToTheOtherWayOnlyWhenTheEnvOffersIt()
    {
        Assert.Null(PlayCommand.MissingRenderMode("FrozenLake-v1", ["ansi", "rgb_array"], gif: true));
        Assert.Contains("without --gif", PlayCommand.MissingRenderMode("Taxi-v4", ["ansi"], gif: true));
        Assert.Contains("--gif FILE", PlayCommand.MissingRenderMode("Shapes-v0", ["rgb_array"], gif: false));
        Assert.Contains("renders only 'human'", PlayCommand.MissingRenderMode("Human-v0", ["human"], gif: false));
    }

    [Fact]
    public void ConfigsPrintTheirListsReadably()
    {
        string text = new PpoConfig { HiddenSizes = [64, 32] }.ToString();
        Assert.StartsWith("PpoConfig { ", text);
        Assert.Contains("HiddenSizes = [64, 32]", text);
        Assert.DoesNotContain("System.Int32[]", text);
        Assert.Contains("Algorithm = ppo", text);
        Assert.Contains("ClipCoef = ", text); // the derived record's own settings follow the shared ones
        Assert.Contains("HiddenSizes = []", new A2CConfig { HiddenSizes = [] }.ToString());
    }
}
