using System.Collections;

namespace DotGym.Tests.Spaces;

/// <summary>Structural equality (floats by bit pattern) and readable text for space elements.</summary>
public static class ValueText
{
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (float x, float y) => BitConverter.SingleToUInt32Bits(x) == BitConverter.SingleToUInt32Bits(y),
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (string x, string y) => x == y,
        (IReadOnlyDictionary<string, object> x, IReadOnlyDictionary<string, object> y) =>
            x.Keys.SequenceEqual(y.Keys) && x.Keys.All(k => Same(x[k], y[k])),
        (Array x, Array y) => x.GetType() == y.GetType() && x.Length == y.Length
            && Enumerable.Range(0, x.Length).All(i => Same(x.GetValue(i), y.GetValue(i))),
        _ => Equals(a, b),
    };

    public static string Of(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IReadOnlyDictionary<string, object> d => "{" + string.Join(", ", d.Select(p => $"{p.Key}: {Of(p.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Of)) + "]",
        _ => value.ToString() ?? "",
    };
}
