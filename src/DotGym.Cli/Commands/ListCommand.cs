using System.CommandLine;
using System.Globalization;
using DotGym.Agents.Presets;
using DotGym.Cli.EnvAssemblies;
using DotGym.Registration;
using DotGym.Spaces;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym list</c>: registered envs with their spaces, limits and thresholds.</summary>
internal static class ListCommand
{
    // Long per-dimension Box bounds make the table unreadable: show the shape and dtype instead.
    private static string Describe(Space space) =>
        space.ToString() is { Length: <= 32 } text ? text : $"{space.GetType().Name.Split('`')[0].Replace("Space", "")}({string.Join("x", space.Shape)}) {Dtype(space.ElementType)}";

    private static string Dtype(Type element) =>
        element == typeof(float[]) ? "float32" : element == typeof(double[]) ? "float64" : element == typeof(int[]) ? "int32" : element == typeof(byte[]) ? "uint8" : TypeNames.Of(element);

    private static string Compact(string text) => text;

    public static Command Create()
    {
        var envAssembly = EnvSources.CreateOption();
        var command = new Command("list", "List every registered env id (with spaces, step limit and reward threshold) and every algorithm with the envs it has tuned presets for.\n\n" + EnvSources.Help)
        {
            envAssembly,
        };
        command.SetAction(parse => Cli.Guard(() =>
        {
            EnvSources.Load(parse, envAssembly);
            var table = new Table().AddColumns("Env id", "Observation space", "Action space", "Max steps", "Reward threshold");
            foreach (var spec in Gym.Registry)
            {
                string obs, act;
                try
                {
                    using var env = spec.Factory(spec.Kwargs);
                    (obs, act) = (Describe(env.ObservationSpace), Describe(env.ActionSpace));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    (obs, act) = ("(needs arguments)", "");
                }
                table.AddRow(Markup.Escape(spec.Id), Markup.Escape(obs), Markup.Escape(act),
                    spec.MaxEpisodeSteps?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    spec.RewardThreshold?.ToString(CultureInfo.InvariantCulture) ?? "-");
            }
            AnsiConsole.Write(table);
            var algorithms = new Table().AddColumns("Algorithm", "Action spaces", "Tuned presets (dotgym train --algo NAME --env ID)");
            foreach (var (name, kinds) in new[] { ("ppo", "Discrete, MultiDiscrete, Box"), ("a2c", "Discrete, MultiDiscrete, Box"), ("reinforce", "Discrete, MultiDiscrete, Box") })
                algorithms.AddRow(name, kinds, Markup.Escape(string.Join(", ", AgentPresets.EnvIds(name))));
            AnsiConsole.Write(algorithms);
            return 0;
        }));
        return command;
    }
}
