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
        return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { MaxDepth = 256 });
    }

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
