namespace DotGym;

/// <summary>
/// How a registered env is made (Gymnasium's <c>EnvSpec</c>): its id, the factory, and the wrappers
/// <see cref="Registration.Gym.Make"/> applies.
/// </summary>
public sealed record EnvSpec
{
    public required string Id { get; init; }
    /// <summary>Creates the raw env from keyword arguments (defaults merged with the caller's).</summary>
    public required Func<IReadOnlyDictionary<string, object>, IEnv> Factory { get; init; }
    public int? MaxEpisodeSteps { get; init; }
    public double? RewardThreshold { get; init; }
    public bool Nondeterministic { get; init; }
    /// <summary>Default keyword arguments passed to the factory.</summary>
    public IReadOnlyDictionary<string, object> Kwargs { get; init; } = Infos.Empty;
    /// <summary>Wrap with <see cref="Wrappers.OrderEnforcing{TObs,TAct}"/> (Gymnasium default: true).</summary>
    public bool OrderEnforce { get; init; } = true;
    /// <summary>Wrap with the passive env checker (Gymnasium default: true).</summary>
    public bool DisableEnvChecker { get; init; }
    /// <summary>A one-line description shown by listings.</summary>
    public string Description { get; init; } = "";
    /// <summary>
    /// Builds the env's native batched implementation for <c>Gym.MakeVec(id, n, VectorizationMode.Native)</c>
    /// (Gymnasium's <c>vector_entry_point</c>); null when the env has none.
    /// </summary>
    public Func<VectorEnvRequest, Vector.IVectorEnv>? VectorEntryPoint { get; init; }

    public override string ToString() => Id;
}

/// <summary>Static facts about an env class (Gymnasium's <c>metadata</c>).</summary>
public sealed record EnvMetadata
{
    public static readonly EnvMetadata Default = new();
    public IReadOnlyList<string> RenderModes { get; init; } = Array.Empty<string>();
    public int RenderFps { get; init; } = 30;
}

/// <summary>The render modes DotGym envs understand.</summary>
public static class RenderModes
{
    /// <summary>A text picture (<see cref="Rendering.RenderFrame.Text"/>).</summary>
    public const string Ansi = "ansi";
    /// <summary>An RGB image (<see cref="Rendering.RenderFrame.Image"/>).</summary>
    public const string RgbArray = "rgb_array";
}

/// <summary>What <see cref="EnvSpec.VectorEntryPoint"/> is asked to build.</summary>
/// <param name="NumEnvs">Number of sub-envs (at least 1).</param>
/// <param name="Kwargs">The spec's keyword arguments merged with the caller's.</param>
/// <param name="AutoresetMode">When ended episodes restart.</param>
/// <param name="MaxEpisodeSteps">The time limit (the spec's unless the caller overrode it; null: none).</param>
/// <param name="WorkerCount">Threads the caller allows (null: the implementation's default).</param>
/// <param name="RenderMode">The render mode asked for (null: none).</param>
/// <param name="Spec">The spec being made (with the merged keyword arguments), for the vector env's <c>Spec</c>.</param>
public sealed record VectorEnvRequest(EnvSpec Spec, int NumEnvs, IReadOnlyDictionary<string, object> Kwargs, Vector.AutoresetMode AutoresetMode,
    int? MaxEpisodeSteps, int? WorkerCount, string? RenderMode);
