using System.CommandLine;
using DotGym.Agents;
using DotGym.Cli.Runs;
using DotGym.Rlhf.Pipeline;
using DotGym.Rlhf.Training;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary>
/// <c>dotgym rlhf sft|rm|ppo|dpo|grpo|rloo|pipeline</c>: ChatGPT's RLHF pipeline at small scale, one stage at a time
/// or all of them, in one run folder.
/// </summary>
internal static class RlhfCommand
{
    public static Command Create()
    {
        var root = new Command("rlhf",
            """
            RLHF at small scale, in one run folder: SFT, reward models from rankings, PPO with a KL penalty, DPO, GRPO, RLOO.
            Run the stages one at a time (each reads what the earlier ones wrote) or all at once:
              dotgym rlhf sft  --out runs/rlhf      dotgym rlhf rm   --out runs/rlhf
              dotgym rlhf ppo  --out runs/rlhf      dotgym rlhf dpo  --out runs/rlhf
              dotgym rlhf grpo --out runs/rlhf      dotgym rlhf rloo --out runs/rlhf
              dotgym rlhf pipeline --seed 1 --out runs/rlhf-s1
            Every stage writes metrics_STAGE.csv and TensorBoard events (tensorboard --logdir runs/rlhf/tensorboard).
            Nothing is downloaded: every corpus, tokenizer and model is made from the seed.
            """);
        root.Subcommands.Add(Stage("sft",
            """
            Stage 1: supervised fine-tuning of two character-level GPTs on generated demonstrations: the review model
            (PPO and DPO start from it) and the arithmetic model (GRPO and RLOO start from it; it trains until its
            held-out greedy accuracy reaches 0.6, so every seed starts RL from the same competence).
            Writes sft/, arithmetic_sft/, metrics_sft.csv, metrics_sft_arithmetic.csv, sft.json.
            """,
            [Int("--steps", "SFT steps of the review model.", (o, v) => o with { SftSteps = v })],
            (o, run, progress, device) => SftStage.Run(o, run, progress, device)));
        root.Subcommands.Add(Stage("rm",
            """
            Stage 2 (after sft): a sentiment classifier on labelled reviews, and a preference model trained with the
            pairwise loss on K=4 rankings of SFT samples by a simulated labeller (a hidden rule plus noise).
            Reports held-out accuracies. Writes reward/ (models, rankings) and rm.json.
            """,
            [Int("--prompts", "Prompts whose 4 SFT samples the labeller ranks.", (o, v) => o with { RmPrompts = v }),
             Real("--label-noise", "Std of the labeller's noise on the hidden score (1.0: ~90% of pairs agree with the rule).", (o, v) => o with { LabelNoise = v })],
            (o, run, progress, device) => RewardModelStage.Run(o, run, progress, device)));
        root.Subcommands.Add(Stage("ppo",
            """
            Stage 3 (after sft and rm): PPO of the SFT policy with a value head against the normalised preference
            reward, with an adaptive KL penalty to the frozen SFT model. Writes ppo/, metrics_ppo.csv,
            ppo_curves.png (reward, KL, gold) and ppo.json (SFT and PPO samples of the same prompts).
            """,
            [Int("--updates", "PPO updates (rollout + epochs of minibatches).", (o, v) => o with { Ppo = o.Ppo with { Updates = v } }),
             Real("--lr", "Adam learning rate.", (o, v) => o with { Ppo = o.Ppo with { LearningRate = v } }),
             Int("--batch-size", "Completions per update.", (o, v) => o with { Ppo = o.Ppo with { BatchSize = v } }),
             Int("--mini-batch-size", "Completions per gradient step (divides --batch-size).", (o, v) => o with { Ppo = o.Ppo with { MiniBatchSize = v } }),
             Int("--epochs", "Passes over each update's completions.", (o, v) => o with { Ppo = o.Ppo with { PpoEpochs = v } }),
             Real("--kl-coef", "Initial KL coefficient (beta).", (o, v) => o with { Ppo = o.Ppo with { InitKlCoef = v } }),
             Real("--target-kl", "Target per-sequence KL of the adaptive controller (nats).", (o, v) => o with { Ppo = o.Ppo with { TargetKl = v } }),
             Real("--kl-horizon", "Horizon of the adaptive controller (samples): beta moves by at most 20% x batch / horizon per update.", (o, v) => o with { Ppo = o.Ppo with { KlHorizon = v } }),
             Real("--entropy-coef", "Weight of the per-token entropy bonus.", (o, v) => o with { Ppo = o.Ppo with { EntropyCoef = v } }),
             Flag("--fixed-kl", "Keep beta fixed instead of adapting it.", o => o with { Ppo = o.Ppo with { AdaptiveKl = false } })],
            (o, run, progress, device) => PpoStage.Run(o, run, progress, device)));
        root.Subcommands.Add(Stage("dpo",
            """
            Stage 5 (after sft and rm): DPO on the labeller's ranked pairs, offline, scored with PPO's reward on PPO's
            evaluation prompts. Writes dpo/, metrics_dpo.csv and dpo.json.
            """,
            [Int("--steps", "DPO steps.", (o, v) => o with { Dpo = o.Dpo with { Steps = v } }),
             Real("--beta", "DPO's beta (strength of the implicit KL).", (o, v) => o with { Dpo = o.Dpo with { Beta = v } })],
            (o, run, progress, device) => DpoStage.Run(o, run, progress, device)));
        foreach (var baseline in new[] { GroupBaseline.Grpo, GroupBaseline.Rloo })
        {
            string name = GroupRlStage.NameOf(baseline);
            root.Subcommands.Add(Stage(name,
                $"""
                Stage 4 (after sft): {(baseline == GroupBaseline.Grpo ? "GRPO (group-normalised advantages, clipped ratio, k3 KL)" : "RLOO (leave-one-out baseline)")}
                on two-digit addition with an exact-match reward, from the arithmetic SFT model. Reports sampled
                (temperature 1) and greedy accuracy before and after. Writes {name}/, metrics_{name}.csv, {name}_curves.png, {name}.json.
                """,
                [Int("--steps", "Steps (each samples 8 answers to each of 32 problems).", (o, v) => o with { Grpo = o.Grpo with { Steps = v } }),
                 Real("--lr", "Adam learning rate.", (o, v) => o with { Grpo = o.Grpo with { LearningRate = v } })],
                (o, run, progress, device) => GroupRlStage.Run(o, run, baseline, progress, device)));
        }
        root.Subcommands.Add(Pipeline());
        return root;
    }

    private delegate RlhfPipelineOptions Apply(RlhfPipelineOptions options, ParseResult parse);

    private static (Option Option, Apply Apply) Int(string name, string description, Func<RlhfPipelineOptions, int, RlhfPipelineOptions> set)
    {
        var option = new Option<int?>(name) { Description = description };
        return (option, (o, parse) => parse.GetValue(option) is not { } v ? o
            : v > 0 ? set(o, v) : throw new CliException($"{name} must be a positive integer, got {v}."));
    }

    private static (Option Option, Apply Apply) Real(string name, string description, Func<RlhfPipelineOptions, double, RlhfPipelineOptions> set)
    {
        var option = new Option<double?>(name) { Description = description };
        return (option, (o, parse) => parse.GetValue(option) is not { } v ? o
            : double.IsFinite(v) && v >= 0 ? set(o, v) : throw new CliException($"{name} must be a finite non-negative number, got {v}."));
    }

    private static (Option Option, Apply Apply) Flag(string name, string description, Func<RlhfPipelineOptions, RlhfPipelineOptions> set)
    {
        var option = new Option<bool>(name) { Description = description };
        return (option, (o, parse) => parse.GetValue(option) ? set(o) : o);
    }

    private static Command Stage(string name, string description, IReadOnlyList<(Option Option, Apply Apply)> settings,
        Func<RlhfPipelineOptions, RlhfRunFolder, Action<RlhfProgress>, TorchSharp.torch.Device, object> body)
    {
        var common = new CommonOptions();
        var command = new Command(name, description + $"\nExample: dotgym rlhf {name} --out runs/rlhf");
        common.AddTo(command);
        foreach (var (option, _) in settings) command.Options.Add(option);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var (options, folder, device) = common.Read(parse, required: true);
            foreach (var (_, apply) in settings) options = apply(options, parse);
            var run = new RlhfRunFolder(folder);
            run.EnsureSettings(options.Seed, parse.GetValue(common.Quick) ? "quick" : "full", firstStage: name == SftStage.Name);
            RlhfConsole.Run(progress => body(options, run, progress, device));
            AnsiConsole.MarkupLine(Markup.Escape($"Wrote {run.ResultOf(name)} (and the stage's models and metrics in {folder})."));
            return 0;
        }));
        return command;
    }

    private static Command Pipeline()
    {
        var common = new CommonOptions();
        var command = new Command("pipeline",
            """
            Run every stage in one folder: SFT of a character-level GPT on generated review demonstrations; a sentiment
            classifier and a preference model from K=4 noisy rankings of SFT samples; PPO with an adaptive KL penalty
            against the normalised preference reward; DPO on the same ranked pairs; SFT then GRPO and RLOO on
            two-digit addition. The folder gets every stage's models, metrics CSVs and TensorBoard events,
            ppo_curves.png, grpo_curves.png, summary.json and report.md (the same prompts before and after PPO and
            DPO). About 6 minutes on 2 CPU cores.

            Example: dotgym rlhf pipeline --seed 1 --out runs/rlhf-s1
            """);
        common.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var (options, folder, device) = common.Read(parse, required: false);
            if (File.Exists(Path.Combine(folder, "summary.json")))
                throw new CliException($"'{folder}' already holds a finished pipeline run; choose another --out.");
            var run = new RlhfRunFolder(folder);
            run.EnsureSettings(options.Seed, parse.GetValue(common.Quick) ? "quick" : "full", firstStage: true);
            var summary = RlhfConsole.Run(progress => RlhfPipeline.Run(options, folder, progress, device));
            AnsiConsole.MarkupLine(Markup.Escape($"Done in {summary.WallSeconds:F0} s: {folder}/summary.json, report.md, ppo_curves.png, grpo_curves.png"));
            return 0;
        }));
        return command;
    }

    /// <summary>The flags every stage shares: the seed, the folder, the quick sizes and the device.</summary>
    private sealed class CommonOptions
    {
        public readonly Option<long> Seed = new("--seed", "-s") { Description = "Seed of every stage (data, models, sampling); the same for every stage of a folder.", DefaultValueFactory = _ => 1 };
        public readonly Option<string?> Output = new("--out", "-o") { Description = "Run folder (pipeline's default: runs/rlhf-sSEED)." };
        public readonly Option<bool> Quick = new("--quick") { Description = "CI sizes (about a minute for the pipeline): smaller models, fewer steps." };
        public readonly Option<string> Device = new("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "cpu" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Seed, Output, Quick, Device }) command.Options.Add(option);
        }

        public (RlhfPipelineOptions Options, string Folder, TorchSharp.torch.Device Device) Read(ParseResult parse, bool required)
        {
            long seed = parse.GetValue(Seed);
            if (seed < 0) throw new CliException($"--seed must be a non-negative integer, got {seed}.");
            string? folder = parse.GetValue(Output);
            if (folder is null && required) throw new CliException("--out is required: the run folder this stage reads and writes, e.g. --out runs/rlhf.");
            var options = parse.GetValue(Quick) ? RlhfPipelineOptions.Quick(seed) : new RlhfPipelineOptions { Seed = seed };
            return (options, folder ?? Path.Combine("runs", $"rlhf-s{seed}"), TorchRuntime.ResolveDevice(parse.GetValue(Device)!));
        }
    }
}
