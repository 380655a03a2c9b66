using DotGym.Checking;
using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;
using DotGym.Tests.Wrappers;

namespace DotGym.Tests.Checking;

/// <summary>A custom env with switchable mistakes, the kind an env author makes.</summary>
public sealed class FaultyEnv(FaultyEnv.Fault fault) : Env<double[], int>
{
    [Flags]
    public enum Fault
    {
        None = 0,
        ObservationOutsideSpace = 1,
        SharedStaticRandom = 2,
        NaNOnStep = 4,
        IgnoresSeed = 8,
        ReseedsWhenUnseeded = 16,
        WrongRenderFrame = 32,
    }

    private static readonly System.Random Shared = new();
    private readonly double[] _observation = new double[2];

    public override Space<double[]> ObservationSpace { get; } = new Box<double>(-1.0, 1.0, 2);
    public override Space<int> ActionSpace { get; } = new Discrete(2);
    public override EnvMetadata Metadata { get; } = new() { RenderModes = [RenderModes.Ansi], RenderFps = 4 };

    public FaultyEnv(Fault fault, string? renderMode) : this(fault) => RenderMode = renderMode;

    public override ResetResult<double[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (fault.HasFlag(Fault.ReseedsWhenUnseeded)) SeedRandom(seed ?? 0);
        else if (!fault.HasFlag(Fault.IgnoresSeed)) SeedRandom(seed);
        _observation[0] = fault.HasFlag(Fault.SharedStaticRandom) ? Shared.NextDouble() : NpRandom.Uniform(-0.5, 0.5);
        _observation[1] = fault.HasFlag(Fault.ObservationOutsideSpace) ? 7.5 : NpRandom.Uniform(-0.5, 0.5);
        return new ResetResult<double[]>(_observation, Infos.Empty);
    }

    public override StepResult<double[]> Step(int action)
    {
        _observation[0] = fault.HasFlag(Fault.NaNOnStep) ? double.NaN : Math.Clamp(_observation[0] + (action - 0.5) * 0.1, -1, 1);
        double reward = fault.HasFlag(Fault.NaNOnStep) ? double.NaN : 1.0;
        return new StepResult<double[]>(_observation, reward, false, false, Infos.Empty);
    }

    public override RenderFrame? Render() => RenderMode switch
    {
        RenderModes.Ansi when fault.HasFlag(Fault.WrongRenderFrame) => RenderFrame.FromImage(new RgbImage(1, 1)),
        RenderModes.Ansi => RenderFrame.FromText($"{_observation[0]:F3}"),
        _ => null,
    };
}

public class EnvCheckerTests
{
    private static EnvCheckException Fails(IEnv env) => Assert.Throws<EnvCheckException>(() => EnvChecker.Check(env));

    [Fact]
    public void AWellBehavedEnvPassesAndReturnsOnlyWarnings()
    {
        var warnings = EnvChecker.Check(new FaultyEnv(FaultyEnv.Fault.None));
        Assert.Contains(warnings, w => w.Contains("no Spec")); // its ansi mode cannot be re-created without a spec
        Assert.All(EnvChecker.Check(new WalkerEnv(RenderModes.RgbArray), skipRenderCheck: true),
            w => Assert.Contains("Box", w)); // only advice about the spaces
    }

    [Fact]
    public void ObservationOutsideTheSpaceIsReportedWithTheFix()
    {
        var e = Fails(new FaultyEnv(FaultyEnv.Fault.ObservationOutsideSpace));
        Assert.Contains(e.Failures, f => f.Contains("Reset()") && f.Contains("not within the observation space") && f.Contains("7.5") && f.Contains("widen the space"));
    }

    [Fact]
    public void RandomnessOutsideNpRandomIsNondeterministic()
    {
        var e = Fails(new FaultyEnv(FaultyEnv.Fault.SharedStaticRandom));
        Assert.Contains(e.Failures, f => f.Contains("Reset(seed: 123) is not deterministic") && f.Contains("NpRandom"));
        Assert.Contains("failed", e.Message);
    }

    [Fact]
    public void NaNObservationsAndRewardsAreFailures()
    {
        var e = Fails(new FaultyEnv(FaultyEnv.Fault.NaNOnStep));
        Assert.Contains(e.Failures, f => f.Contains("Step()") && f.Contains("NaN at index 0"));
        Assert.Contains(e.Failures, f => f.Contains("reward") && f.Contains("NaN"));
    }

    [Fact]
    public void IgnoringTheSeedIsCaught()
    {
        var e = Fails(new FaultyEnv(FaultyEnv.Fault.IgnoresSeed));
        Assert.Contains(e.Failures, f => f.Contains("SeedRandom(seed)"));
    }

    [Fact]
    public void ReseedingOnAnUnseededResetIsCaught()
    {
        var e = Fails(new FaultyEnv(FaultyEnv.Fault.ReseedsWhenUnseeded));
        Assert.Contains(e.Failures, f => f.Contains("Reset() without a seed reseeds NpRandom with a fixed value"));
    }

    [Fact]
    public void DeclaredRenderModesAreTriedThroughTheSpec()
    {
        // A spec (as Gym.Make sets it) lets the checker create the env in every declared mode; not registered,
        // so the registry-wide check stays clean.
        var env = new FaultyEnv(FaultyEnv.Fault.WrongRenderFrame)
        {
            Spec = new EnvSpec
            {
                Id = "DotGymTests/FaultyRender-v0",
                Factory = kwargs => new FaultyEnv(FaultyEnv.Fault.WrongRenderFrame, new Kwargs(kwargs, "FaultyRender").Get<string?>("render_mode", null)),
            },
        };
        var e = Fails(env);
        Assert.Contains(e.Failures, f => f.Contains("[ansi]") && f.Contains("RenderFrame.FromText"));
        Assert.All(e.Failures, f => Assert.Contains("[ansi]", f));
    }

    [Fact]
    public void TheWarningsOfAWrappedEnvIncludeThePassiveChecker()
    {
        using var env = new DotGym.Wrappers.TimeLimit<float[], int>(new DotGym.Wrappers.OrderEnforcing<float[], int>(
            new DotGym.Wrappers.PassiveEnvChecker<float[], int>(new WalkerEnv(RenderModes.Ansi))), 20);
        var warnings = EnvChecker.Check(env);
        Assert.Contains(warnings, w => w.Contains("is wrapped"));
    }
}

/// <summary>Every registered env passes the checker (vacuous until built-in envs are registered).</summary>
public class RegisteredEnvCheckTests
{
    [Fact]
    public void EveryRegisteredEnvPassesTheChecker()
    {
        var failures = new List<string>();
        foreach (var spec in Gym.Registry)
        {
            try
            {
                using var env = Gym.Make(spec.Id);
                EnvChecker.Check(env.Unwrapped);
            }
            catch (Exception e)
            {
                failures.Add($"{spec.Id}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
