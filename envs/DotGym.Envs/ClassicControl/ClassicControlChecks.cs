using System.Globalization;
using DotGym.Wrappers;

namespace DotGym.Envs.ClassicControl;

/// <summary>Argument checks and option parsing shared by the classic-control envs.</summary>
internal static class ClassicControlChecks
{
    /// <summary>The render modes the classic-control envs draw: a text line and an RGB image.</summary>
    public static readonly IReadOnlyList<string> SupportedRenderModes = [RenderModes.RgbArray, RenderModes.Ansi];

    public static string? ValidateRenderMode(string? renderMode, string envName)
    {
        if (renderMode is null || SupportedRenderModes.Contains(renderMode)) return renderMode;
        throw new ArgumentException(
            $"{envName} cannot render in mode '{renderMode}'. Use one of: {string.Join(", ", SupportedRenderModes.Select(m => $"'{m}'"))} (or null for no rendering).",
            nameof(renderMode));
    }

    public static void EnsureStarted(bool started, string envName)
    {
        if (!started) throw new ResetNeededException($"{envName}: call Reset() before Step(); the env has no state yet.");
    }

    /// <summary>
    /// Checks a one-element float action (Box of shape (1,)). Out-of-range values are allowed: the envs clip them
    /// exactly as Gymnasium does. NaN is rejected because it would silently poison the state.
    /// </summary>
    public static float SingleContinuousAction(float[]? action, string envName, string range)
    {
        if (action is null) throw new ArgumentNullException(nameof(action), $"{envName} needs an action array of length 1 (a value in {range}), got null.");
        if (action.Length != 1)
            throw new ArgumentException($"{envName} needs an action array of length 1 (shape (1,), a value in {range}), got length {action.Length}.", nameof(action));
        float value = action[0];
        if (float.IsNaN(value)) throw new ArgumentException($"{envName} got a NaN action; pass a finite value in {range}.", nameof(action));
        return value;
    }

    /// <summary>Gymnasium's <c>maybe_parse_reset_bounds</c>: optional "low"/"high" reset options.</summary>
    public static (double Low, double High) ResetBounds(IReadOnlyDictionary<string, object>? options, double defaultLow, double defaultHigh)
    {
        if (options is null) return (defaultLow, defaultHigh);
        double low = options.TryGetValue("low", out var lo) ? ToDouble(lo, "low") : defaultLow;
        double high = options.TryGetValue("high", out var hi) ? ToDouble(hi, "high") : defaultHigh;
        if (low > high) throw new ArgumentException($"Lower bound ({Format(low)}) must be lower than higher bound ({Format(high)}).", nameof(options));
        return (low, high);
    }

    /// <summary>Gymnasium's <c>verify_number_and_cast</c>: a reset option that must be a single number.</summary>
    public static double ToDouble(object? value, string name)
    {
        try
        {
            return value switch
            {
                double d => d,
                float f => f,
                string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException($"The reset option '{name}' ({value ?? "null"}) could not be converted to a float; pass a number.", name, e);
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
