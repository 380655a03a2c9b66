using System.Globalization;
using System.Text.Json;

namespace DotGym.Tests.Reference;

/// <summary>Loads the Gymnasium recordings under tests/reference/gymnasium (copied next to the test assembly).</summary>
public static class ReferenceData
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "reference", "gymnasium", fileName);

    public static JsonDocument Load(string fileName)
    {
        var path = PathOf(fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"Reference file {fileName} not found at {path}; it is copied from tests/reference/gymnasium by the build.", path);
        return JsonDocument.Parse(QuoteBareNonFiniteLiterals(File.ReadAllText(path)), new JsonDocumentOptions { MaxDepth = 256 });
    }

    /// <summary>
    /// Python's json writes bare <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c> (some meta blocks have them), which
    /// System.Text.Json rejects; this quotes them outside strings, the form <see cref="AsDouble"/> reads.
    /// </summary>
    public static string QuoteBareNonFiniteLiterals(string json)
    {
        var output = new System.Text.StringBuilder(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < json.Length) output.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else
            {
                string? literal = StartsWithAt(json, i, "-Infinity") ?? StartsWithAt(json, i, "Infinity") ?? StartsWithAt(json, i, "NaN");
                if (literal is not null)
                {
                    output.Append('"').Append(literal).Append('"');
                    i += literal.Length - 1;
                    continue;
                }
            }
            output.Append(c);
        }
        return output.ToString();
    }

    private static string? StartsWithAt(string text, int index, string literal) =>
        string.CompareOrdinal(text, index, literal, 0, literal.Length) == 0 ? literal : null;

    /// <summary>A double written as a JSON number or as "Infinity"/"-Infinity"/"NaN".</summary>
    public static double AsDouble(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        }
        : e.GetDouble();

    /// <summary>xunit theory rows: one per key of a JSON object (so every record is its own test case).</summary>
    public static IEnumerable<object[]> Keys(string fileName, string objectName)
    {
        using var doc = Load(fileName);
        return doc.RootElement.GetProperty(objectName).EnumerateObject().Select(p => new object[] { p.Name }).ToList();
    }

    /// <summary>xunit theory rows: one per index of a JSON array.</summary>
    public static IEnumerable<object[]> Indices(string fileName, string arrayName)
    {
        using var doc = Load(fileName);
        return Enumerable.Range(0, doc.RootElement.GetProperty(arrayName).GetArrayLength()).Select(i => new object[] { i }).ToList();
    }
}
