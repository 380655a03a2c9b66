using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DotGym.Cli.EnvAssemblies;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym run</c>: steps an env with seeded random actions and reports returns and speed.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var envOption = new Option<string>("--env", "-e") { Description = "Env id, e.g. CartPole-v1 (see `dotgym list`), or ASSEMBLY:ENV-ID for an env of your own assembly (e.g. MyEnvs:Reach1D-v0).", Required = true };
        var envAssembly = EnvSources.CreateOption();
        var episodes = new Option<int>("--episodes", "-n") { Description = "Episodes to run.", DefaultValueFactory = _ => 5 };
        var seed = new Option<long>("--seed", "-s") { Description = "Seed of the first reset and of the action sampler.", DefaultValueFactory = _ => 0 };
        var render = new Option<string?>("--render") { Description = "Print each step in the terminal: ansi." };
        render.AcceptOnlyFromAmong(RenderModes.Ansi);
        var envArg = EnvArgOption.Create();
        var command = new Command("run",
            """
            Step an env with random actions sampled from its action space; print each episode's return and length and the
            steps per second. Useful to try an env, check a custom one, or measure raw env speed.
            Passive-checker warnings (an observation outside its space, NaN, an infinite reward) are printed on stderr.
            Examples:
              dotgym run --env CartPole-v1 --episodes 10 --seed 1
              dotgym run --env FrozenLake-v1 --env-arg is_slippery=false --render ansi

            """ + EnvSources.Help)
        { envOption, episodes, seed, render, envArg, envAssembly };
        command.SetAction(parse => Cli.Guard(() =>
        {
            int count = parse.GetValue(episodes);
            if (count <= 0) throw new CliException($"--episodes must be at least 1, got {count}.");
            long s = parse.GetValue(seed);
            if (s < 0) throw new CliException($"--seed must be a non-negative integer, got {s}.");
            EnvSources.Load(parse, envAssembly);
            using var env = Gym.Make(EnvSources.ResolveId(parse.GetValue(envOption)!), EnvArgOption.Kwargs(parse, envArg), renderMode: parse.GetValue(render));
            return env.Accept(new RandomRollout(count, s, parse.GetValue(render) is not null));
        }));
        return command;
    }

    internal static int Fail(string message)
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return 2;
    }

    private sealed class RandomRollout(int episodes, long seed, bool render) : IEnvVisitor<int>
    {
        public int Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            env.ActionSpace.Seed(seed);
            var table = new Table().AddColumns("Episode", "Return", "Length");
            long totalSteps = 0;
            var clock = Stopwatch.StartNew();
            for (int episode = 0; episode < episodes; episode++)
            {
                env.Reset(episode == 0 ? seed : null);
                double episodeReturn = 0;
                int length = 0;
                while (true)
                {
                    var result = env.Step(env.ActionSpace.Sample());
                    episodeReturn += result.Reward;
                    length++;
                    if (render && env.Render()?.Text is { } text) Console.WriteLine(text);
                    if (result.Terminated || result.Truncated) break;
                }
                totalSteps += length;
                table.AddRow((episode + 1).ToString(CultureInfo.InvariantCulture), episodeReturn.ToString("0.###", CultureInfo.InvariantCulture), length.ToString(CultureInfo.InvariantCulture));
            }
            double seconds = clock.Elapsed.TotalSeconds;
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{Markup.Escape(env.ToString())}: {totalSteps} steps in {seconds:0.###} s ({totalSteps / Math.Max(seconds, 1e-9):N0} steps/s, random actions)");
            return 0;
        }
    }
}
