using System.Text.Json;
using System.Text.Json.Nodes;

namespace DotGym.Cli.Runs;

/// <summary>
/// A published learning result shown beside a benchmark row (e.g. rl-baselines3-zoo's benchmark.md or CleanRL's
/// docs), quoted with what it measured and where it comes from; read from a JSON file
/// (<c>benchmarks/published-learning.json</c>) given to <c>dotgym bench learn --published</c>.
/// </summary>
/// <param name="Algo">Algorithm (ppo, a2c, reinforce).</param>
/// <param name="Env">Env id.</param>
/// <param name="Figure">The figure as published, e.g. <c>500.0 ± 0.0</c>.</param>
/// <param name="Measured">What it is: runs, seeds, budget, how evaluated.</param>
/// <param name="Source">Who published it (project, file, commit).</param>
/// <param name="Url">Where to read it.</param>
internal sealed record PublishedFigure(string Algo, string Env, string Figure, string Measured, string Source, string Url)
{
    public JsonObject ToJson() => new() { ["figure"] = Figure, ["measured"] = Measured, ["source"] = Source, ["url"] = Url };

    /// <summary>Reads the figures of <paramref name="path"/>; a missing file or a malformed entry is a <see cref="CliException"/> naming it.</summary>
    public static IReadOnlyList<PublishedFigure> Load(string path)
    {
        if (!File.Exists(path)) throw new CliException($"--published: no file at '{path}' (the repository's is benchmarks/published-learning.json).");
        try
        {
            var figures = JsonNode.Parse(File.ReadAllText(path))?["figures"]?.AsArray()
                ?? throw new CliException($"--published: '{path}' has no \"figures\" array; see benchmarks/published-learning.json for the format.");
            return figures.Select((node, i) =>
            {
                string Field(string name) => node?[name]?.GetValue<string>() is { Length: > 0 } value ? value
                    : throw new CliException($"--published: figure {i} of '{path}' has no \"{name}\"; each needs algo, env, figure, measured, source and url.");
                return new PublishedFigure(Field("algo"), Field("env"), Field("figure"), Field("measured"), Field("source"), Field("url"));
            }).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CliException($"--published: '{path}' is not valid figures JSON ({e.Message}).");
        }
    }
}
