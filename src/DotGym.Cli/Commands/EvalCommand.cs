using System.CommandLine;
using System.Globalization;
using DotGym.Cli.EnvAssemblies;
using DotGym.Cli.Runs;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym eval</c>: plays a trained agent for N episodes and reports the mean return.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder from `dotgym train` (uses model.ckpt, else the latest checkpoint) or a .ckpt file." };
        var episodes = new Option<int>("--episodes", "-n") { Description = "Episodes to play.", DefaultValueFactory = _ => 20 };
        var seed = new Option<long?>("--seed", "-s") { Description = "Seed of the first reset (default: the run's evaluation seed, seed + 1000000)." };
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions from the policy instead of taking the most likely one." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "cpu" };
        var envAssembly = EnvSources.CreateOption();
        var command = new Command("eval",
            """
            Evaluate a trained agent: play whole episodes and report mean ± std of the return (deterministic actions
            unless --stochastic). For FrozenLake-style tasks the success rate is the mean return.
            Example: dotgym eval runs/ppo-cartpole --episodes 100
            A run of an env from your own assembly loads the assembly recorded in its config.json (or --env-assembly).
            """)
        { run, episodes, seed, stochastic, device, envAssembly };
        command.SetAction(parse => Cli.Guard(() =>
        {
            int n = parse.GetValue(episodes);
            if (n < 1) throw new CliException($"--episodes must be at least 1, got {n}.");
            EnvSources.Load(parse, envAssembly);
            var (config, checkpoint) = RunModel.Locate(parse.GetValue(run)!);
            EnvSources.EnsureRegistered(config);
            using var agent = RunModel.Load(config, checkpoint, parse.GetValue(device)!);
            using var env = Gym.Make(config.Env, config.EnvKwargs());
            var result = agent.Evaluate(env, n, parse.GetValue(seed) ?? config.EvalSeed, deterministic: !parse.GetValue(stochastic));
            AnsiConsole.MarkupLine($"{Markup.Escape(config.Algo)} on {Markup.Escape(config.Env)} ({Markup.Escape(Path.GetFileName(checkpoint))}): " +
                $"mean return [bold]{result.MeanReturn.ToString("0.###", CultureInfo.InvariantCulture)}[/] ± {result.StdReturn.ToString("0.###", CultureInfo.InvariantCulture)} " +
                $"over {n} episodes, mean length {result.MeanLength.ToString("0.#", CultureInfo.InvariantCulture)}");
            return 0;
        }));
        return command;
    }
}
