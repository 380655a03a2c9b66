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

    /// <summary>The Gaussian's log standard deviation, shape <c>[1, ActionWidth]</c>, for Box actions (null otherwise).</summary>
    Tensor? LogStd { get; }
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
