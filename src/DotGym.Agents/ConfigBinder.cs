using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DotGym.Agents;

/// <summary>
/// Reads and writes configs as snake_case JSON (presets, checkpoint headers) and applies <c>key=value</c> overrides
/// such as <c>learning_rate=3e-4</c>, <c>hidden_sizes=[128,128]</c>, <c>target_kl=null</c> or <c>device=cuda</c>.
/// </summary>
public static class ConfigBinder
{
    /// <summary>The JSON options used everywhere configs are (de)serialised.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>The config's type for an algorithm name.</summary>
    public static Type ConfigType(string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "ppo" => typeof(PpoConfig),
        "a2c" => typeof(A2CConfig),
        "reinforce" => typeof(ReinforceConfig),
        _ => throw new ArgumentException($"Unknown algorithm '{algorithm}'. Known: ppo, a2c, reinforce."),
    };

    /// <summary>The config as a JSON object (snake_case keys).</summary>
    public static JsonObject ToJson(AgentConfig config) =>
        JsonSerializer.SerializeToNode(config, config.GetType(), JsonOptions)!.AsObject();

    /// <summary>Builds the config of <paramref name="algorithm"/> from JSON; unknown keys are rejected by name.</summary>
    public static AgentConfig FromJson(string algorithm, JsonObject json)
    {
        var type = ConfigType(algorithm);
        try
        {
            return (AgentConfig)json.Deserialize(type, JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{algorithm} config: {e.Message} Known keys: {string.Join(", ", KnownKeys(type))}.", e);
        }
    }

    /// <summary>Returns <paramref name="config"/> with each <c>key=value</c> override applied (values parsed as JSON, else as text).</summary>
    public static T Apply<T>(T config, IEnumerable<string> overrides) where T : AgentConfig
    {
        var json = ToJson(config);
        var known = KnownKeys(config.GetType());
        foreach (var item in overrides)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"Override '{item}' must look like key=value, e.g. learning_rate=3e-4.");
            string key = item[..eq].Trim(), text = item[(eq + 1)..].Trim();
            if (!known.Contains(key))
                throw new ArgumentException($"Unknown {config.Algorithm} setting '{key}'. Known keys: {string.Join(", ", known)}.");
            json[key] = ParseValue(text);
        }
        var result = (T)FromJson(config.Algorithm, json);
        result.Validate();
        return result;
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text); // bare words such as cpu or tanh
        }
    }

    /// <summary>The snake_case keys a config type accepts.</summary>
    public static IReadOnlyList<string> KnownKeys(Type configType) =>
        configType.GetProperties()
            .Where(p => p.CanWrite && !p.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true))
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
            .Where(k => k != "equality_contract")
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToList();

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
