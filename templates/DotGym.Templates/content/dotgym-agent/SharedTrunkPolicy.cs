using DotGym.Agents.Policies;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MyAgent;

/// <summary>
/// An actor-critic with one shared trunk (Linear → LayerNorm → tanh, twice) and two heads, where DotGym's default
/// <see cref="MlpPolicy"/> keeps actor and critic separate. The agent owns everything else (observation tensors,
/// the action distribution, sampling, losses): the network only maps observations to the actor's output and V(s).
/// </summary>
public sealed class SharedTrunkPolicy : nn.Module, IPolicyNetwork
{
    private readonly Sequential trunk;
    private readonly Linear actor_head;
    private readonly Linear? critic_head;
    private readonly Parameter? log_std;

    public SharedTrunkPolicy(PolicyContext context, int width = 64) : base(nameof(SharedTrunkPolicy))
    {
        if (context.Observation.Kind != ObservationKind.Float || context.Observation.Shape.Length != 1)
            throw new NotSupportedException($"{nameof(SharedTrunkPolicy)} reads float32 vector observations; this env gives {context.Observation}.");
        int inputs = context.Observation.FlatSize;
        trunk = nn.Sequential(
            MlpPolicy.Layer(inputs, width, Math.Sqrt(2), context.InitGenerator), nn.LayerNorm(width), nn.Tanh(),
            MlpPolicy.Layer(width, width, Math.Sqrt(2), context.InitGenerator), nn.LayerNorm(width), nn.Tanh());
        // Small actor weights: a near-uniform first policy (CleanRL's layer_init gain 0.01).
        actor_head = MlpPolicy.Layer(width, context.Layout.ActorOutputWidth, 0.01, context.InitGenerator);
        if (context.WithCritic) critic_head = MlpPolicy.Layer(width, 1, 1.0, context.InitGenerator);
        if (context.Layout.Kind == ActionKind.DiagonalGaussian)
            log_std = nn.Parameter(full(1, context.Layout.ActionWidth, context.Config.LogStdInit, dtype: ScalarType.Float32));
        RegisterComponents();
        this.to(context.Device);
    }

    public nn.Module Module => this;
    public bool HasCritic => critic_head is not null;
    public Tensor? LogStd => log_std;

    public Tensor ActorOutput(Tensor observations) => actor_head.forward(trunk.forward(observations));

    public Tensor Value(Tensor observations) =>
        (critic_head ?? throw new InvalidOperationException("This agent asked for no critic.")).forward(trunk.forward(observations)).squeeze(-1);
}
