using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.Checking;

/// <summary>Observes <see cref="Value"/>, outside its unusual Box(-3.125, 3.125) (the bounds tell its warnings apart).</summary>
internal sealed class OutOfBoundsEnv(float value) : Env<float[], int>
{
    private readonly float[] _observation = [value];
    public float Value => value;
    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-3.125f, 3.125f, 1);
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        return new(_observation, Infos.Empty);
    }

    public override StepResult<float[]> Step(int action) => new(_observation, 0, false, false, Infos.Empty);
}

/// <summary>
/// DotGymWarnings: shown once per source and message through the sink (stderr by default), silenced or routed on
/// request, collected instead of shown inside a capture scope. Each test uses its own source name, because the sink
/// is process-wide and other test classes raise warnings in parallel.
/// </summary>
[Collection(nameof(WarningSinkTests))]
public sealed class WarningSinkTests : IDisposable
{
    public void Dispose()
    {
        DotGymWarnings.ToStandardError();
        DotGymWarnings.OncePerKind = true;
    }

    /// <summary>A sync vector env of checked envs that observe <paramref name="values"/>.</summary>
    private static SyncVectorEnv<float[], int> CheckedVectorOf(float[] values) =>
        new(values.Select(v => (Env<float[], int>)new PassiveEnvChecker<float[], int>(new OutOfBoundsEnv(v))).ToArray());

    private static List<DotGymWarning> RouteFrom(string source)
    {
        var seen = new List<DotGymWarning>();
        DotGymWarnings.Route(w =>
        {
            if (w.Source != source) return;
            lock (seen) seen.Add(w);
        });
        return seen;
    }

    [Fact]
    public void AWarningIsShownOncePerSourceAndMessage()
    {
        string source = "Test-" + Guid.NewGuid().ToString("N");
        var seen = RouteFrom(source);
        DotGymWarnings.Warn(source, "first");
        DotGymWarnings.Warn(source, "first");
        DotGymWarnings.Warn(source, "second");
        DotGymWarnings.Warn(source, "first");
        Assert.Equal(["first", "second"], seen.Select(w => w.Message));
    }

    [Fact]
    public void SubEnvsBreakingTheirSpaceTheSameWayAreReportedOnceThoughTheirValuesDiffer()
    {
        var seen = new List<DotGymWarning>();
        DotGymWarnings.Route(w =>
        {
            if (!w.Message.Contains("3.125")) return; // only this test's envs
            lock (seen) seen.Add(w);
        });
        DotGymWarnings.ForgetShown();
        using var vec = CheckedVectorOf([10f, 20f, 30f]);
        vec.Reset(seed: 0);
        vec.Step([0, 0, 0]);
        Assert.Equal(2, seen.Count); // Reset() and Step(), not once per sub-env
        Assert.Contains(seen, w => w.Message.Contains("Reset()") && w.Message.Contains("10"));
        Assert.All(seen, w => Assert.Equal("PassiveEnvChecker", w.Source));
    }

    [Fact]
    public void WithOncePerKindOffEveryRepeatIsShown()
    {
        string source = "Test-" + Guid.NewGuid().ToString("N");
        var seen = RouteFrom(source);
        DotGymWarnings.OncePerKind = false;
        DotGymWarnings.Warn(source, "again");
        DotGymWarnings.Warn(source, "again");
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void TheDefaultSinkWritesToStandardErrorAndSilenceDropsEverything()
    {
        string source = "Test-" + Guid.NewGuid().ToString("N");
        var original = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            DotGymWarnings.ToStandardError();
            DotGymWarnings.Warn(source, "shown on stderr");
            DotGymWarnings.Silence();
            DotGymWarnings.Warn(source, "dropped");
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains($"warning: [{source}] shown on stderr", error.ToString());
        Assert.DoesNotContain("dropped", error.ToString());
    }

    [Fact]
    public void ACaptureScopeCollectsRepeatsAndKeepsThemFromTheSink()
    {
        string source = "Test-" + Guid.NewGuid().ToString("N");
        var seen = RouteFrom(source);
        using (var captured = DotGymWarnings.Capture())
        {
            DotGymWarnings.Warn(source, "inside");
            DotGymWarnings.Warn(source, "inside");
            Assert.Equal(["inside", "inside"], captured.Messages);
        }
        Assert.Empty(seen);
        DotGymWarnings.Warn(source, "inside"); // not shown while captured, so shown now
        Assert.Single(seen);
    }

    [Fact]
    public void ANullSinkIsRefusedAndAThrowingSinkDoesNotBreakTheCaller()
    {
        var e = Assert.Throws<ArgumentNullException>(() => DotGymWarnings.Route(null!));
        Assert.Contains("Silence()", e.Message);
        DotGymWarnings.Route(_ => throw new InvalidOperationException("sink failed"));
        DotGymWarnings.Warn("Test-" + Guid.NewGuid().ToString("N"), "still fine");
    }
}
