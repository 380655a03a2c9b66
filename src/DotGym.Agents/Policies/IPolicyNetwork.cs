using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// The swappable part of an agent: the networks. The agents own everything around them (observation tensors,
/// normalisation, the action distribution, sampling, masks, storage, losses), so a network only maps a batch of
/// observations in its <see cref="ObservationFormat"/> to the actor's output and the critic's value.
/// <para>
/// Implement it on a TorchSharp <see cref="nn.Module"/> (a CNN over C×H×W grids, a transformer over token ids) and
/// pass a <see cref="PolicyNetworkFactory"/> to the agent; <see cref="MlpPolicy"/> is the default. Register every
/// parameter (<c>RegisterComponents()</c>) and move the module to <see cref="PolicyContext.Device"/>.
/// </para>
/// </summary>
public interface IPolicyNetwork : IDisposable
{
    /// <summary>The module holding every trainable parameter (optimised, checkpointed, moved to the device).</summary>
    nn.Module Module { get; }

    /// <summary>Whether <see cref="Value"/> exists (REINFORCE without a baseline needs no critic).</summary>
    bool HasCritic { get; }

    /// <summary>
    /// The actor's output for a batch <c>[B, ..]</c> of observations: <c>[B, Layout.ActorOutputWidth]</c> float32,
    /// i.e. the logits of every categorical component (concatenated) or the Gaussian mean.
    /// </summary>
    Tensor ActorOutput(Tensor observations);

    /// <summary>V(s) for a batch of observations, shape <c>[B]</c> float32.</summary>
    Tensor Value(Tensor observations);

    /// <summary>
    /// The Gaussian's log standard deviation, shape <c>[1, ActionWidth]</c>, for Box actions (null otherwise); with
    /// use_sde, the noise weights' log std <c>[features, ActionWidth]</c> (see <see cref="IStateDependentNoiseNetwork"/>).
    /// </summary>
    Tensor? LogStd { get; }
}

/// <summary>
/// A network that can drive state-dependent exploration (gSDE, <see cref="AgentConfig.UseSde"/>): it gives the features
/// its actor's output layer reads, and its <see cref="IPolicyNetwork.LogStd"/> is the noise weights' log std,
/// <c>[FeatureWidth, ActionWidth]</c>.
/// </summary>
public interface IStateDependentNoiseNetwork : IPolicyNetwork
{
    /// <summary>The actor's output <c>[B, ActorOutputWidth]</c> and the features <c>[B, F]</c> it was computed from (the last hidden layer's output).</summary>
    (Tensor Output, Tensor Features) ActorOutputAndFeatures(Tensor observations);
}

/// <summary>What a <see cref="PolicyNetworkFactory"/> is told to build a network for.</summary>
/// <param name="Observation">The observation tensors the network will read.</param>
/// <param name="Layout">The action distribution: the width of the actor's output, Gaussian or categorical.</param>
/// <param name="WithCritic">Whether the algorithm needs a value head.</param>
/// <param name="Config">The agent's settings (hidden sizes, activation, log-std init, ...).</param>
/// <param name="InitGenerator">The seeded generator to initialise weights from (the agent's seed), for reproducible runs.</param>
/// <param name="Device">Where the module must live.</param>
public sealed record PolicyContext(ObservationFormat Observation, ActionLayout Layout, bool WithCritic, AgentConfig Config,
    Generator InitGenerator, Device Device);

/// <summary>Builds an agent's policy network (see <see cref="IPolicyNetwork"/>).</summary>
public delegate IPolicyNetwork PolicyNetworkFactory(PolicyContext context);
