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
