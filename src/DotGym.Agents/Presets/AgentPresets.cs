using System.Reflection;
using System.Text.Json.Nodes;

namespace DotGym.Agents.Presets;

/// <summary>
/// Hyper-parameter presets per algorithm and env id, in versioned JSON files embedded in this assembly
/// (<c>Presets/ppo.json</c>, ... in the style of rl-baselines3-zoo): <c>{"format_version": 1, "presets":
/// {"default": {...}, "CartPole-v1": {...}}}</c>. An env's preset is applied on top of <c>default</c>, which is applied
/// on top of the config type's built-in defaults; <c>key=value</c> overrides come last.
/// </summary>
public static class AgentPresets
{
    /// <summary>The preset file format this code reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Env ids with a preset for <paramref name="algorithm"/> (besides <c>default</c>).</summary>
    public static IReadOnlyList<string> EnvIds(string algorithm) =>
        Presets(algorithm).Select(p => p.Key).Where(k => k != "default").OrderBy(k => k, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The config for <paramref name="algorithm"/> on <paramref name="envId"/> (the default preset when the env has
    /// none). A variant is named <c>id@variant</c> (e.g. <c>CartPole-v1@fast</c>) and applies on top of the env's preset;
    /// an unknown variant is an error.
    /// </summary>
    public static AgentConfig Get(string algorithm, string? envId, IEnumerable<string>? overrides = null)
    {
        var presets = Presets(algorithm);
        var merged = new JsonObject();
        Merge(merged, presets["default"]?.AsObject());
        if (envId is not null)
        {
            int at = envId.IndexOf('@');
            string baseId = at < 0 ? envId : envId[..at];
            if (presets[baseId] is JsonObject specific) Merge(merged, specific);
            if (at >= 0)
            {
                if (presets[envId] is not JsonObject variant)
                    throw new ArgumentException($"No {algorithm} preset variant '{envId}'. Known: {string.Join(", ", EnvIds(algorithm))}.");
                Merge(merged, variant);
            }
        }
        var config = ConfigBinder.FromJson(algorithm, merged);
        return overrides is null ? Validated(config) : ConfigBinder.Apply(config, overrides);
    }

    /// <summary>Typed shortcut, e.g. <c>AgentPresets.Get&lt;PpoConfig&gt;("CartPole-v1")</c>.</summary>
    public static T Get<T>(string? envId, IEnumerable<string>? overrides = null) where T : AgentConfig
    {
        string algorithm = typeof(T) == typeof(PpoConfig) ? "ppo" : typeof(T) == typeof(A2CConfig) ? "a2c" : typeof(T) == typeof(ReinforceConfig) ? "reinforce"
            : throw new ArgumentException($"No presets for {TypeNames.Of<T>()}.");
        return (T)Get(algorithm, envId, overrides);
    }

    private static AgentConfig Validated(AgentConfig config)
    {
        config.Validate();
        return config;
    }

    private static void Merge(JsonObject target, JsonObject? source)
    {
        if (source is null) return;
        foreach (var (key, value) in source) target[key] = value?.DeepClone();
    }

    private static JsonObject Presets(string algorithm)
    {
        ConfigBinder.ConfigType(algorithm); // rejects unknown algorithms clearly
        string resource = $"DotGym.Agents.Presets.{algorithm.ToLowerInvariant()}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The preset file {resource} is missing from DotGym.Agents.");
        var root = JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidDataException($"{resource} is not a JSON object.");
        int version = root["format_version"]?.GetValue<int>() ?? throw new InvalidDataException($"{resource} has no format_version.");
        if (version != FormatVersion) throw new InvalidDataException($"{resource} has format_version {version}; this build reads {FormatVersion}.");
        var presets = root["presets"]?.AsObject() ?? throw new InvalidDataException($"{resource} has no presets object.");
        if (presets["default"] is not JsonObject) throw new InvalidDataException($"{resource} has no default preset.");
        return presets;
    }
}
