using System.Globalization;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Checking;

/// <summary>
/// The checks shared by <see cref="Wrappers.PassiveEnvChecker{TObs,TAct}"/> and <see cref="EnvChecker"/>
/// (Gymnasium's <c>passive_env_checker</c> functions). Each returns human-readable problems; the caller decides
/// whether a problem is a warning or a failure.
/// </summary>
internal static class ContractChecks
{
    /// <summary>Problems with an observation returned by <paramref name="method"/>: null, wrong length, NaN, outside the space.</summary>
    public static List<string> Observation<TObs>(Space<TObs> space, TObs observation, string method)
    {
        var problems = new List<string>();
        string pre = $"The observation returned by {method}";
        if (observation is null)
        {
            problems.Add($"{pre} is null; return an element of {space}.");
            return problems;
        }
        int expected = ElementCount(space);
        if (observation is Array array && expected >= 0 && array.Length != expected)
        {
            problems.Add($"{pre} has {array.Length} elements but {space} (shape [{string.Join(", ", space.Shape)}]) needs {expected}; allocate the observation with the space's shape.");
            return problems;
        }
        int nan = FirstNaN(observation);
        if (nan >= 0)
            problems.Add($"{pre} contains NaN at index {nan}; the env's dynamics produced an invalid number (check divisions and the state update).");
        bool contained;
        try { contained = space.Contains(observation); }
        catch (Exception e)
        {
            problems.Add($"{pre} could not be tested against {space}: {TypeNames.Of(e.GetType())}: {e.Message}");
            return problems;
        }
        if (!contained && nan < 0)
            problems.Add($"{pre} is not within the observation space: {space.Describe(observation)} is not in {space}. Either clip the observation or widen the space's bounds.");
        return problems;
    }

    /// <summary>Indices of infinite values in a floating-point array observation (legal in an unbounded box, but usually a bug).</summary>
    public static int FirstInfinity<TObs>(TObs observation) => observation switch
    {
        float[] f => Array.FindIndex(f, float.IsInfinity),
        double[] d => Array.FindIndex(d, double.IsInfinity),
        _ => -1,
    };

    public static int FirstNaN<TObs>(TObs observation) => observation switch
    {
        float[] f => Array.FindIndex(f, float.IsNaN),
        double[] d => Array.FindIndex(d, double.IsNaN),
        float f when float.IsNaN(f) => 0,
        double d when double.IsNaN(d) => 0,
        _ => -1,
    };

    /// <summary>Problems with a reward: NaN or infinite.</summary>
    public static string? Reward(double reward, string method) =>
        double.IsNaN(reward) ? $"The reward returned by {method} is NaN; check the reward computation (0/0, log of 0, NaN state)."
        : double.IsInfinity(reward) ? $"The reward returned by {method} is {(reward > 0 ? "+" : "-")}infinity; rewards must be finite numbers."
        : null;

    /// <summary>Questionable space definitions (Gymnasium warns when a Box has low == high).</summary>
    public static List<string> Space(Space space, string kind)
    {
        var problems = new List<string>();
        switch (space)
        {
            case Box<float> b: BoxBounds(b, kind, problems); break;
            case Box<double> b: BoxBounds(b, kind, problems); break;
            case Box<int> b: BoxBounds(b, kind, problems); break;
            case Box<byte> b: BoxBounds(b, kind, problems); break;
        }
        return problems;
    }

    private static void BoxBounds<T>(Box<T> box, string kind, List<string> problems) where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int i = 0; i < box.Size; i++)
        {
            if (box.Low[i] == box.High[i])
            {
                problems.Add($"The Box {kind} space {box} has equal minimum and maximum at index {i}; that dimension can hold one value only.");
                return;
            }
        }
    }

    /// <summary>Problems with the declared render modes and fps (Gymnasium's <c>env_render_passive_checker</c>).</summary>
    public static List<string> RenderMetadata(IEnv env)
    {
        var problems = new List<string>();
        var modes = env.Metadata.RenderModes;
        if (modes.Count == 0 && env.RenderMode is not null)
            problems.Add($"{env} was created with render mode '{env.RenderMode}' but declares no render modes; list them in Metadata.RenderModes.");
        if (modes.Count > 0 && env.Metadata.RenderFps <= 0)
            problems.Add($"{env} declares render modes but Metadata.RenderFps is {env.Metadata.RenderFps.ToString(CultureInfo.InvariantCulture)}; set a positive fps.");
        if (env.RenderMode is { } mode && modes.Count > 0 && !modes.Contains(mode))
            problems.Add($"{env} was created with render mode '{mode}', which is not among its declared modes [{string.Join(", ", modes)}].");
        return problems;
    }

    /// <summary>Problems with what <c>Render()</c> returned in <paramref name="mode"/>.</summary>
    public static string? RenderResult(string? mode, RenderFrame? frame) => mode switch
    {
        null => null,
        RenderModes.RgbArray when frame?.Image is null =>
            $"Render() in mode '{mode}' must return an image frame (RenderFrame.FromImage), got {(frame is null ? "null" : "a text frame")}.",
        RenderModes.Ansi when frame?.Text is null =>
            $"Render() in mode '{mode}' must return a text frame (RenderFrame.FromText), got {(frame is null ? "null" : "an image frame")}.",
        "human" when frame is not null => "Render() in mode 'human' should draw to the screen and return null.",
        _ => null,
    };

    /// <summary>The element count an array observation must have, or -1 when the space does not say.</summary>
    private static int ElementCount(Space space)
    {
        if (space.Shape.Length == 0) return -1;
        int n = 1;
        foreach (var d in space.Shape) n *= d;
        return n;
    }
}
