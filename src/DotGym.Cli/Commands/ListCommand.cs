using System.CommandLine;
using System.Globalization;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym list</c>: registered envs with their spaces, limits and thresholds.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List every registered env id (with spaces, step limit and reward threshold) and every algorithm.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("Env id", "Observation space", "Action space", "Max steps", "Reward threshold");
            foreach (var spec in Gym.Registry)
            {
                string obs, act;
                try
                {
                    using var env = spec.Factory(spec.Kwargs);
                    (obs, act) = (env.ObservationSpace.ToString()!, env.ActionSpace.ToString()!);
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
            return 0;
        });
        return command;
    }
}
