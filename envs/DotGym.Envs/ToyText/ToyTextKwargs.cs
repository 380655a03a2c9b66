using System.Collections;
using System.Globalization;

namespace DotGym.Envs.ToyText;

/// <summary>Converts loosely typed keyword-argument values (maps, reward triples) with errors that say what is expected.</summary>
internal static class ToyTextKwargs
{
    /// <summary>Map rows from a string[] / list of strings, or one string with a row per line.</summary>
    public static IReadOnlyList<string> Rows(object value, string what) => value switch
    {
        string text => text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        IEnumerable<string> rows => rows.ToArray(),
        IEnumerable items => items.Cast<object?>().Select(o => o as string ?? throw new ArgumentException($"{what} rows must be strings, got {TypeNames.OfValue(o)}.")).ToArray(),
        _ => throw new ArgumentException($"{what} must be a list of row strings (e.g. [\"SFFF\", \"FHFH\", \"FFFH\", \"HFFG\"]) or one string with a row per line, got {TypeNames.Of(value.GetType())}."),
    };

    /// <summary>Three numbers from a (double, double, double) tuple or a 3-element numeric list.</summary>
    public static (double, double, double) Triple(object value, string what)
    {
        switch (value)
        {
            case ValueTuple<double, double, double> t: return t;
            case ValueTuple<int, int, int> t: return (t.Item1, t.Item2, t.Item3);
            case IEnumerable items and not string:
                var numbers = items.Cast<object>().Select(o => Convert.ToDouble(o, CultureInfo.InvariantCulture)).ToArray();
                if (numbers.Length == 3) return (numbers[0], numbers[1], numbers[2]);
                throw new ArgumentException($"{what} needs exactly 3 numbers (goal, hole, frozen), got {numbers.Length}.");
            default:
                throw new ArgumentException($"{what} must be 3 numbers (goal, hole, frozen), e.g. new[] {{ 1.0, 0.0, 0.0 }}, got {TypeNames.Of(value.GetType())}.");
        }
    }
}
