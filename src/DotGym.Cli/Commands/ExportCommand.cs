using System.CommandLine;
using DotGym.Cli.EnvAssemblies;
using DotGym.Cli.Runs;
using DotGym.Export;
using DotGym.Runtime;
using Spectre.Console;

namespace DotGym.Cli.Commands;

/// <summary><c>dotgym export</c>: writes a trained run's policy as a DotGym policy file or as ONNX, for games and other runtimes.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder from `dotgym train` (uses model.ckpt, else the latest checkpoint) or a .ckpt file." };
        var format = new Option<string?>("--format", "-f") { Description = "dotgym (the DotGym policy file, for DotGym.Runtime) or onnx (ONNX Runtime, Unity Sentis, Godot). Default: from the --out extension (.onnx or .dgpolicy), else dotgym." };
        format.AcceptOnlyFromAmong("dotgym", "onnx");
        var output = new Option<string?>("--out", "-o") { Description = "File to write (default: RUN/policy.dgpolicy or RUN/policy.onnx). Written to a temporary file, then moved into place." };
        var opset = new Option<int>("--opset") { Description = "ONNX opset, 13 to 15 (Unity Sentis before 2.6 reads up to 15).", DefaultValueFactory = _ => OnnxPolicyGraph.DefaultOpset };
        var envAssembly = EnvSources.CreateOption();
        var command = new Command("export",
            """
            Export a trained policy to ship it inside a game or simulation, without TorchSharp, CUDA or Python.
            The file holds the actor network with the observation normalisation and the action head: the
            deterministic action (argmax per discrete component, or the Gaussian mean clipped to the Box).

              --format dotgym   the DotGym policy file; run it with DotGym.Runtime (no dependency, netstandard2.1
                                for Unity and Godot, NativeAOT-clean; Act allocates nothing):
                                  var policy = RuntimePolicy.Load("policy.dgpolicy");
                                  int action = policy.Act(observation);   // float[] observation, flattened
              --format onnx     ONNX opset 13 (IR 8): input "observation" [batch, n] float; outputs "action"
                                (int64 indices with the space's start, or clipped floats) and "logits" / "mean"

            Examples:
              dotgym export runs/ppo-cartpole --out cartpole.dgpolicy
              dotgym export runs/ppo-cartpole --format onnx --out cartpole.onnx
            Only the default MLP policy exports (not a custom or CNN network). Discrete observations are
            one-hot encoded: DotGym.Runtime does it for you (policy.OneHot(state)); ONNX takes the one-hot vector.
            """)
        { run, format, output, opset, envAssembly };
        command.SetAction(parse => Cli.Guard(() =>
        {
            string? outPath = parse.GetValue(output);
            if (parse.GetValue(opset) is < 13 or > 15) throw new CliException($"--opset must be 13, 14 or 15 (Unity Sentis before 2.6 reads up to 15), got {parse.GetValue(opset)}.");
            var chosen = Format(parse.GetValue(format), outPath);
            EnvSources.Load(parse, envAssembly);
            var (config, checkpoint) = RunModel.Locate(parse.GetValue(run)!);
            EnvSources.EnsureRegistered(config);
            outPath ??= Path.Combine(Directory.Exists(parse.GetValue(run)!) ? parse.GetValue(run)! : Path.GetDirectoryName(Path.GetFullPath(checkpoint))!,
                chosen == PolicyExportFormat.Onnx ? "policy.onnx" : "policy" + PolicyFile.Extension);
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } folder && !Directory.Exists(folder))
                throw new CliException($"The folder of --out '{outPath}' does not exist; create it first or choose another path.");
            using var agent = RunModel.Load(config, checkpoint, "cpu");
            var model = PolicyExport.Export(agent, chosen, outPath, parse.GetValue(opset));
            AnsiConsole.MarkupLine($"Exported {Markup.Escape(config.Algo)} on {Markup.Escape(config.Env)} ({Markup.Escape(Path.GetFileName(checkpoint))}) " +
                                   $"as {(chosen == PolicyExportFormat.Onnx ? $"ONNX opset {parse.GetValue(opset)}" : "a DotGym policy file")} → [bold]{Markup.Escape(outPath)}[/] ({new FileInfo(outPath).Length:N0} bytes)");
            Console.WriteLine(model.Describe());
            return 0;
        }));
        return command;
    }

    private static PolicyExportFormat Format(string? format, string? outPath) => format switch
    {
        "dotgym" => PolicyExportFormat.DotGym,
        "onnx" => PolicyExportFormat.Onnx,
        _ when outPath is not null && outPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => PolicyExportFormat.Onnx,
        _ => PolicyExportFormat.DotGym,
    };
}
