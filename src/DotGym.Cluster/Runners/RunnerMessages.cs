using DotGym.Vector;
using Orleans.Concurrency;

namespace DotGym.Cluster.Runners;

/// <summary>What a runner makes: <c>Gym.MakeVec(EnvId, NumEnvs, Mode, AutoresetMode, maxEpisodeSteps: MaxEpisodeSteps)</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record RunnerOptions(
    [property: Id(0)] string EnvId,
    [property: Id(1)] int NumEnvs,
    [property: Id(2)] VectorizationMode Mode = VectorizationMode.Sync,
    [property: Id(3)] AutoresetMode AutoresetMode = AutoresetMode.NextStep,
    [property: Id(4)] int? MaxEpisodeSteps = null);

/// <summary>
/// What an opened runner reports: where it lives, the spaces its env has (as text, to check against the learner's),
/// and whether its env can snapshot its state (<see cref="IEnvRunnerGrain.SaveState"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunnerOpened(
    [property: Id(0)] string Silo,
    [property: Id(1)] string ObservationSpace,
    [property: Id(2)] string ActionSpace,
    [property: Id(3)] AutoresetMode AutoresetMode,
    [property: Id(4)] bool SupportsStateSnapshot = false);

/// <summary>A runner's reset: its observation buffer (a fresh copy) and the non-empty infos (null when all are empty).</summary>
[GenerateSerializer, Immutable]
public sealed class RunnerReset
{
    /// <summary>The observation batch's buffer (<c>float[]</c>, <c>int[]</c>, ...), row-major over the runner's envs.</summary>
    [Id(0)] public required Array Observations { get; init; }

    /// <summary>Env j's info at index j, null where empty; the whole array is null when every info is empty.</summary>
    [Id(1)] public Dictionary<string, object>?[]? Infos { get; init; }
}

/// <summary>A runner's step: fresh copies of its vector env's result buffers.</summary>
[GenerateSerializer, Immutable]
public sealed class RunnerStep
{
    /// <summary>The observation batch's buffer, row-major over the runner's envs.</summary>
    [Id(0)] public required Array Observations { get; init; }
    [Id(1)] public required double[] Rewards { get; init; }
    [Id(2)] public required bool[] Terminated { get; init; }
    [Id(3)] public required bool[] Truncated { get; init; }
    /// <summary>Env j's info at index j, null where empty; null when every info is empty.</summary>
    [Id(4)] public Dictionary<string, object>?[]? Infos { get; init; }
    /// <summary>Same-step autoreset only: the final observations' buffer (rows where <see cref="HasFinal"/>).</summary>
    [Id(5)] public Array? FinalObservations { get; init; }
    /// <summary>Same-step autoreset only: which envs ended an episode in this step.</summary>
    [Id(6)] public bool[]? HasFinal { get; init; }
    /// <summary>Same-step autoreset only: the final infos, null where empty.</summary>
    [Id(7)] public Dictionary<string, object>?[]? FinalInfos { get; init; }
}
