using System.Text.Json;

namespace DotGym.Cli.EnvAssemblies;

/// <summary>
/// <c>dotgym.json</c> in the working directory: <c>{"envAssemblies": ["path/to/MyEnvs.dll"]}</c>, paths relative to
/// the file's folder. Every dotgym command loads the assemblies it lists.
/// </summary>
internal static class DotGymJson
{
    public const string FileName = "dotgym.json";
    private const string EnvAssembliesKey = "envAssemblies";

    /// <summary>The env assembly paths listed in <c>folder/dotgym.json</c> (resolved against the folder), or none without the file.</summary>
    public static IReadOnlyList<string> EnvAssemblies(string folder)
    {
        string path = Path.GetFullPath(Path.Combine(folder, FileName));
        if (!File.Exists(path)) return [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not valid JSON ({e.Message}). It should look like {{\"{EnvAssembliesKey}\": [\"bin/Release/net10.0/MyEnvs.dll\"]}}.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CliException($"{path} must hold a JSON object such as {{\"{EnvAssembliesKey}\": [\"bin/Release/net10.0/MyEnvs.dll\"]}}.");
            var result = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != EnvAssembliesKey)
                    throw new CliException($"{path} has an unknown key '{property.Name}'; the key dotgym reads is \"{EnvAssembliesKey}\" (a list of .dll paths).");
                if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                    throw new CliException($"{path}: \"{EnvAssembliesKey}\" must be a list of .dll paths (strings), e.g. [\"bin/Release/net10.0/MyEnvs.dll\"].");
                result.AddRange(property.Value.EnumerateArray().Select(e => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, e.GetString()!))));
            }
            return result;
        }
    }
}
