using System.Collections;
using System.Globalization;

namespace DotGym.Spaces;

/// <summary>Readable text of any space element (arrays, dictionaries, strings) for error messages.</summary>
internal static class ElementText
{
    public static string Of(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object> d => "{" + string.Join(", ", d.Select(p => $"'{p.Key}': {Of(p.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Of)) + "]",
        _ => value.ToString() ?? "",
    };
}
