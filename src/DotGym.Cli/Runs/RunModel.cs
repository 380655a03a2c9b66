using DotGym.Agents.Logging;
using DotGym.Agents;
using DotGym.Registration;

namespace DotGym.Cli.Runs;

/// <summary>Loads a trained agent from a run folder (its model.ckpt, or its latest checkpoint) or a checkpoint file.</summary>
internal static class RunModel
{
    /// <summary>The run config and checkpoint path behind <paramref name="runOrCheckpoint"/>.</summary>
    public static (RunConfig Config, string Checkpoint) Locate(string runOrCheckpoint)
    {
        if (File.Exists(runOrCheckpoint))
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(runOrCheckpoint))!;
            if (Path.GetFileName(folder) == RunFolderLogger.CheckpointFolder) folder = Path.GetDirectoryName(folder)!;
            return (RunConfig.Load(folder), runOrCheckpoint);
        }
        if (!Directory.Exists(runOrCheckpoint))
            throw new CliException($"'{runOrCheckpoint}' is neither a run folder nor a checkpoint file. Pass the --out folder of `dotgym train`.");
        var config = RunConfig.Load(runOrCheckpoint);
        string model = Path.Combine(runOrCheckpoint, RunFolderLogger.ModelFile);
        if (File.Exists(model)) return (config, model);
        string? latest = Directory.Exists(Path.Combine(runOrCheckpoint, RunFolderLogger.CheckpointFolder))
            ? Directory.EnumerateFiles(Path.Combine(runOrCheckpoint, RunFolderLogger.CheckpointFolder), "step_*.ckpt").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return (config, latest ?? throw new CliException($"'{runOrCheckpoint}' has no model.ckpt and no checkpoint yet; train it first."));
    }

    /// <summary>
    /// The trained agent (with its training env copies, which evaluation and play do not step). Agent.Load's warning
    /// that continued training would not equal an uninterrupted run does not apply to them, so it is held back here
    /// (the env's own checker warnings come again from the env that eval and play step).
    /// </summary>
    public static Agent Load(RunConfig config, string checkpoint, string device)
    {
        using var notContinuingTraining = DotGymWarnings.Capture();
        return Agent.Load(checkpoint, () => Gym.Make(config.Env, config.EnvKwargs()), c => c with { Device = device });
    }
}
