using DotGym.Agents.Logging;
using System.CommandLine;
using DotGym.Agents;
using DotGym.Rlhf.Pipeline;
using DotGym.Cli.Runs;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym rlhf pipeline</c>: ChatGPT's RLHF pipeline at small scale, from a seed, on this machine.</summary>
internal static class RlhfCommand
{
    public static Command Create()
    {
        var seed = new Option<long>("--seed", "-s") { Description = "Seed of every stage (data, models, sampling).", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Run folder (default runs/rlhf-sSEED). An existing summary.json is never overwritten." };
        var quick = new Option<bool>("--quick") { Description = "A CI-sized run (about a minute): smaller models and fewer steps; the reward still rises." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "cpu" };
        var pipeline = new Command("pipeline",
            """
            Run every stage: SFT of a character-level GPT on generated review demonstrations; a sentiment classifier and a
            preference model from K=4 noisy rankings of SFT samples; PPO with an adaptive KL penalty against the
            normalised preference reward; DPO on the same ranked pairs; SFT then GRPO and RLOO on two-digit addition.
            The folder gets the models (sft/, ppo/, arithmetic_sft/), metrics_ppo.csv, metrics_dpo.csv,
            metrics_grpo.csv, summary.json and report.md (the same prompts before and after PPO and DPO). About 6
            minutes on 2 CPU cores. Nothing is downloaded: every corpus, tokenizer and model is made from the seed.

            Example: dotgym rlhf pipeline --seed 1 --out runs/rlhf-s1
            """)
        { seed, output, quick, device };
        pipeline.SetAction(parse => Cli.Guard(() =>
        {
            long s = parse.GetValue(seed);
            if (s < 0) throw new CliException($"--seed must be a non-negative integer, got {s}.");
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"rlhf-s{s}");
            if (File.Exists(Path.Combine(folder, "summary.json")))
                throw new CliException($"'{folder}' already holds a finished pipeline run; choose another --out.");
            var options = parse.GetValue(quick) ? RlhfPipelineOptions.Quick(s) : new RlhfPipelineOptions { Seed = s };
            var summary = RlhfPipeline.Run(options, folder, line => AnsiConsole.MarkupLine(Markup.Escape(line)), TorchRuntime.ResolveDevice(parse.GetValue(device)!));
            PlotCurves(folder);
            AnsiConsole.MarkupLine(Markup.Escape($"Done in {summary.WallSeconds:F0} s: {folder}/summary.json, report.md, ppo_curves.png, grpo_curves.png"));
            return 0;
        }));
        return new Command("rlhf", "RLHF at small scale: SFT, reward models from rankings, PPO with a KL penalty, DPO, GRPO, RLOO.") { pipeline };
    }

    /// <summary>PNG curves from the metrics CSVs: PPO's reward, KL and gold per update; GRPO's reward per step.</summary>
    private static void PlotCurves(string folder)
    {
        var ppo = ReadCsv(Path.Combine(folder, "metrics_ppo.csv"));
        LearningCurvePlot.SaveLines(Path.Combine(folder, "ppo_curves.png"), "PPO-RLHF", "PPO update", "value", ppo["update"],
            [("normalised reward", ppo["score"]), ("KL to the SFT reference (nats)", ppo["kl"]), ("gold score (hidden rule)", ppo["gold"])]);
        var grpo = ReadCsv(Path.Combine(folder, "metrics_grpo.csv"));
        LearningCurvePlot.SaveLines(Path.Combine(folder, "grpo_curves.png"), "GRPO on two-digit addition", "step", "exact-match reward", grpo["step"],
            [("mean reward of the samples", grpo["reward"])]);
    }

    private static Dictionary<string, double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return header.Select((name, c) => (name, values: rows.Select(r => double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray()))
            .ToDictionary(x => x.name, x => x.values);
    }
}
