using System.CommandLine;
using DotGym.Cli.Runs;

namespace DotGym.Cli.Commands;

/// <summary>The <c>--env-arg key=value</c> option shared by the commands that make an env (train, run).</summary>
internal static class EnvArgOption
{
    /// <summary>A repeatable <c>--env-arg</c> option.</summary>
    public static Option<string[]> Create() => new("--env-arg")
    {
        Description = "Pass a keyword argument to the env, key=value (repeatable), e.g. --env-arg is_slippery=false.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The pairs as written (strings), e.g. for <c>config.json</c>; a pair without '=' is a clear error.</summary>
    public static Dictionary<string, string> Pairs(ParseResult parse, Option<string[]> option) =>
        TrainCommand.ParsePairs(parse.GetValue(option) ?? [], option.Name);

    /// <summary>The pairs as env kwargs (numbers and booleans parsed, as <see cref="RunConfig.EnvKwargs"/> does).</summary>
    public static IReadOnlyDictionary<string, object> Kwargs(ParseResult parse, Option<string[]> option) =>
        Pairs(parse, option).ToDictionary(p => p.Key, p => RunConfig.ParseScalar(p.Value));
}
