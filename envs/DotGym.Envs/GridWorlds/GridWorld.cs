using DotGym.Registration;

namespace DotGym.Envs.GridWorlds;

/// <summary>
/// Builds <see cref="GridWorldEnv{TObs}"/>s. Typed helpers for each observation kind, and
/// <see cref="FromKwargs"/> for the registry: <c>map</c> (text, required), <c>slip_probability</c> (0),
/// <c>step_reward</c> (0), <c>max_steps</c> (none), <c>observation</c> ("index", "one_hot" or "channels"),
/// <c>render_mode</c>.
/// </summary>
/// <example><code>
/// var env = GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse("S.#\n..G"), SlipProbability = 0.1 });
/// </code></example>
public static class GridWorld
{
    /// <summary>Observes the cell index (<c>Discrete(height * width)</c>).</summary>
    public static GridWorldEnv<int> Index(GridWorldOptions options, string? renderMode = null) =>
        new(options, new IndexObservation(options.Map), renderMode);

    /// <summary>Observes a one-hot float32 vector of length <c>height * width</c>.</summary>
    public static GridWorldEnv<float[]> OneHot(GridWorldOptions options, string? renderMode = null) =>
        new(options, new OneHotObservation(options.Map), renderMode);

    /// <summary>Observes a float32 <c>[4, height, width]</c> image (agent, wall, goal, hazard).</summary>
    public static GridWorldEnv<float[]> Channels(GridWorldOptions options, string? renderMode = null) =>
        new(options, new ChannelsObservation(options.Map), renderMode);

    /// <summary>The env for <paramref name="kind"/> (untyped: Index gives int observations, the others float[]).</summary>
    public static IEnv Create(GridWorldOptions options, GridObservationKind kind, string? renderMode = null) => kind switch
    {
        GridObservationKind.Index => Index(options, renderMode),
        GridObservationKind.OneHot => OneHot(options, renderMode),
        GridObservationKind.Channels => Channels(options, renderMode),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use Index, OneHot or Channels."),
    };

    /// <summary>Creates a grid world from registry keyword arguments (see the class summary).</summary>
    public static IEnv FromKwargs(IReadOnlyDictionary<string, object>? kwargs)
    {
        var k = new Kwargs(kwargs, "GridWorld");
        var map = k.Get<string?>("map", null)
            ?? throw new ArgumentException("GridWorld needs a 'map' argument: the map text, one line per row, e.g. \"S..\\n.#.\\n..G\".");
        var options = new GridWorldOptions
        {
            Map = GridMap.Parse(map),
            SlipProbability = k.Get("slip_probability", 0.0),
            StepReward = k.Get("step_reward", 0.0),
            MaxSteps = k.Get<int?>("max_steps", null),
        };
        var observation = k.Get("observation", "index");
        var renderMode = k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        var kind = observation switch
        {
            "index" => GridObservationKind.Index,
            "one_hot" => GridObservationKind.OneHot,
            "channels" => GridObservationKind.Channels,
            _ => throw new ArgumentException($"GridWorld: unknown observation '{observation}'. Use \"index\", \"one_hot\" or \"channels\"."),
        };
        return Create(options, kind, renderMode);
    }
}
