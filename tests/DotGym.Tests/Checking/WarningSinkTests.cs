namespace DotGym.Tests.Checking;

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
