using System.CommandLine;
using System.Globalization;
using DotGym.Agents;
using DotGym.Cli.EnvAssemblies;
using DotGym.Cli.Runs;
using DotGym.Registration;
using DotGym.Rendering;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym play</c>: renders a trained agent's episodes to an animated GIF or to the terminal.</summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder from `dotgym train` or a .ckpt file." };
        var gif = new Option<string?>("--gif") { Description = "Write the episodes as an animated GIF to this path (needs an env with rgb_array rendering)." };
        var episodes = new Option<int>("--episodes", "-n") { Description = "Episodes to play.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long?>("--seed", "-s") { Description = "Seed of the first reset (default: the run's evaluation seed)." };
        var envAssembly = EnvSources.CreateOption();
        var delay = new Option<int>("--delay-ms") { Description = "Terminal mode: pause between frames.", DefaultValueFactory = _ => 50 };
        var command = new Command("play",
            """
            Watch a trained agent. Without --gif the episode is drawn in the terminal (ansi render); with --gif it is
            written as an animated GIF at the env's frame rate.
            Examples:
              dotgym play runs/ppo-cartpole --gif cartpole.gif
              dotgym play runs/ppo-frozenlake
            A run of an env from your own assembly loads the assembly recorded in its config.json (or --env-assembly).
            """)
        { run, gif, episodes, seed, delay, envAssembly };
        command.SetAction(parse => Cli.Guard(() =>
        {
            int n = parse.GetValue(episodes);
            if (n < 1) throw new CliException($"--episodes must be at least 1, got {n}.");
            EnvSources.Load(parse, envAssembly);
            var (config, checkpoint) = RunModel.Locate(parse.GetValue(run)!);
            EnvSources.EnsureRegistered(config);
            string? gifPath = parse.GetValue(gif);
            string mode = gifPath is null ? RenderModes.Ansi : RenderModes.RgbArray;
            var spec = Gym.Spec(config.Env);
            using var agent = RunModel.Load(config, checkpoint, "cpu");
            using var env = Gym.Make(config.Env, config.EnvKwargs(), renderMode: mode);
            if (MissingRenderMode(config.Env, env.Metadata.RenderModes, gifPath is not null) is { } problem) throw new CliException(problem);
            var player = new Player(agent, n, parse.GetValue(seed) ?? config.EvalSeed, gifPath, parse.GetValue(delay));
            var returns = env.Accept(player);
            AnsiConsole.MarkupLine($"Returns: {string.Join(", ", returns.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture)))}" +
                                   (gifPath is null ? "" : $" → {Markup.Escape(gifPath)}"));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Why <paramref name="envId"/> cannot be played the way asked (null: it can): one message that names the other way
    /// only when the env offers it, and otherwise says how to add rendering.
    /// </summary>
    internal static string? MissingRenderMode(string envId, IReadOnlyCollection<string> offered, bool gif)
    {
        string wanted = gif ? RenderModes.RgbArray : RenderModes.Ansi;
        if (offered.Contains(wanted)) return null;
        string other = gif ? RenderModes.Ansi : RenderModes.RgbArray;
        if (offered.Contains(other))
            return gif
                ? $"{envId} has no '{wanted}' render mode, so it cannot be written as a GIF; it renders '{other}': play it in the terminal without --gif."
                : $"{envId} has no '{wanted}' render mode, so it cannot be drawn in the terminal; it renders '{other}': write a GIF with --gif FILE.";
        string offers = offered.Count == 0 ? "declares no render modes" : $"renders only {string.Join(", ", offered.Select(m => $"'{m}'"))}";
        return $"{envId} {offers}, so `dotgym play` cannot show it. Use `dotgym eval` for its returns, or give the env a render mode: " +
               $"list '{RenderModes.Ansi}' (text) or '{RenderModes.RgbArray}' (image) in Metadata.RenderModes and return that frame from Render().";
    }

    private sealed class Player(Agent agent, int episodes, long seed, string? gifPath, int delayMs) : IEnvVisitor<double[]>
    {
        public double[] Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            var returns = new double[episodes];
            AtomicFile? file = null;
            GifWriter? gif = null;
            try
            {
                for (int e = 0; e < episodes; e++)
                {
                    var (observation, _) = env.Reset(e == 0 ? seed : null);
                    Show(env, ref file, ref gif);
                    while (true)
                    {
                        var step = env.Step(agent.Predict<TObs, TAct>(observation));
                        observation = step.Observation;
                        returns[e] += step.Reward;
                        Show(env, ref file, ref gif);
                        if (step.Terminated || step.Truncated) break;
                    }
                }
                gif?.Finish();
                file?.Commit();
                return returns;
            }
            finally
            {
                gif?.Dispose();
                file?.Dispose();
            }
        }

        private void Show(IEnv env, ref AtomicFile? file, ref GifWriter? gif)
        {
            var frame = env.Render() ?? throw new CliException("The env rendered nothing.");
            if (gifPath is null)
            {
                Console.Clear();
                Console.WriteLine(frame.Text);
                Thread.Sleep(delayMs);
                return;
            }
            var image = frame.Image ?? throw new CliException("The env returned no image in rgb_array mode.");
            if (gif is null)
            {
                file = new AtomicFile(gifPath);
                gif = new GifWriter(file.Stream, image.Width, image.Height, env.Metadata.RenderFps, leaveOpen: true);
            }
            gif.AddFrame(image);
        }
    }
}
