using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// The default policy network: separate actor and critic MLPs (CleanRL: no shared trunk), each
/// <c>obs → hidden… → out</c> with tanh (or ReLU). Observations are flattened to float32 rows first: index
/// observations one-hot, uint8 and multi-dimensional ones cast and flattened row-major (Gymnasium's <c>flatten</c>).
/// Initialisation follows CleanRL's <c>layer_init</c>: orthogonal weights with gain sqrt(2) on hidden layers, 0.01 on
/// the actor's output (near-uniform first policy), 1 on the critic's output; biases 0. Gaussian policies add a learned
/// state-independent <c>log_std</c> vector, or with use_sde the gSDE noise weights' <c>log_std</c> matrix
/// <c>[last hidden width, actions]</c> (<see cref="IStateDependentNoiseNetwork"/>). The critic is optional.
/// </summary>
public sealed class MlpPolicy : nn.Module, IStateDependentNoiseNetwork
{
    private readonly Sequential actor;
    private readonly Sequential? critic;
    private readonly Parameter? log_std;
    private readonly ObservationFormat _format;
    private readonly string _activation;
    private Linear[]? _actorLayers; // found on first use (after RegisterComponents, so not a registered component)
    private nn.Module<Tensor, Tensor>[]? _actorModules; // the same for every layer and activation, for gSDE's features

    /// <summary>The factory the agents use when no other network is given.</summary>
    public static PolicyNetworkFactory Factory { get; } = context => new MlpPolicy(context);

    /// <summary>Builds the MLPs from <paramref name="context"/>'s hidden sizes and activation.</summary>
    public MlpPolicy(PolicyContext context) : base("ActorCritic")
    {
        ArgumentNullException.ThrowIfNull(context);
        _format = context.Observation;
        var config = context.Config;
        _activation = config.Activation;
        int inputs = _format.FlatSize;
        actor = Mlp(inputs, config.HiddenSizes, context.Layout.ActorOutputWidth, config.Activation, outputGain: 0.01, context.InitGenerator);
        if (context.WithCritic) critic = Mlp(inputs, config.HiddenSizes, 1, config.Activation, outputGain: 1.0, context.InitGenerator);
        if (context.Layout.Kind == ActionKind.DiagonalGaussian)
        {
            int rows = config.UseSde ? (config.HiddenSizes.Length > 0 ? config.HiddenSizes[^1] : inputs) : 1;
            log_std = nn.Parameter(full(rows, context.Layout.ActionWidth, config.LogStdInit, dtype: ScalarType.Float32));
        }
        RegisterComponents();
        this.to(context.Device);
    }

    public nn.Module Module => this;
    public bool HasCritic => critic is not null;
    public Tensor? LogStd => log_std;

    public Tensor ActorOutput(Tensor observations) => actor.forward(Flat(observations));

    public (Tensor Output, Tensor Features) ActorOutputAndFeatures(Tensor observations)
    {
        var modules = _actorModules ??= actor.children().Cast<nn.Module<Tensor, Tensor>>().ToArray();
        var features = Flat(observations);
        for (int k = 0; k < modules.Length - 1; k++) features = modules[k].forward(features);
        return (modules[^1].forward(features), features);
    }

    public Tensor Value(Tensor observations) =>
        (critic ?? throw new InvalidOperationException("This policy has no critic (baseline disabled).")).forward(Flat(observations)).squeeze(-1);

    /// <summary>The actor's linear layers, input to output: a tanh (or ReLU) follows each but the last.</summary>
    internal IReadOnlyList<Linear> ActorLayers => _actorLayers ??= actor.children().OfType<Linear>().ToArray();

    /// <summary>The hidden activation, <c>tanh</c> or <c>relu</c>.</summary>
    internal string Activation => _activation;

    // One float row per observation; the one-hot of an index equals Gymnasium's flatten of a Discrete observation.
    private Tensor Flat(Tensor observations) => _format.Kind switch
    {
        ObservationKind.Index => nn.functional.one_hot(observations, _format.Classes).to(ScalarType.Float32),
        ObservationKind.UInt8 => observations.flatten(1).to(ScalarType.Float32),
        _ => observations.dim() == 2 ? observations : observations.flatten(1),
    };

    private static Sequential Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, string activation, double outputGain, Generator generator)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int k = 0; k < hidden.Count; k++)
        {
            layers.Add(($"linear{k}", Layer(width, hidden[k], Math.Sqrt(2), generator)));
            layers.Add(($"act{k}", activation == "relu" ? nn.ReLU() : nn.Tanh()));
            width = hidden[k];
        }
        layers.Add(("out", Layer(width, outputs, outputGain, generator)));
        return nn.Sequential(layers);
    }

    /// <summary>A linear layer with CleanRL's <c>layer_init</c>: orthogonal weights of <paramref name="gain"/>, zero bias.</summary>
    public static Linear Layer(int inputs, int outputs, double gain, Generator generator)
    {
        var linear = nn.Linear(inputs, outputs);
        OrthogonalInit.Fill(linear.weight!, gain, generator);
        using (no_grad()) linear.bias!.zero_();
        return linear;
    }
}
