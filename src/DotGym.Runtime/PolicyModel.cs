using System.Globalization;
using System.Text;

namespace DotGym.Runtime;

/// <summary>How the game hands an observation to the policy.</summary>
public enum ObservationEncoding : byte
{
    /// <summary>The observation flattened to float32 values, row-major (Gymnasium's <c>flatten</c>).</summary>
    Floats = 0,
    /// <summary>A <c>Discrete</c> observation: an index, one-hot encoded (the float form is the one-hot vector).</summary>
    OneHotIndex = 1,
}

/// <summary>
/// Everything a trained MLP policy needs to act, with no framework behind it: how observations arrive
/// (<see cref="Encoding"/>, <see cref="ObservationWidth"/>), the frozen observation normalisation, the dense layers,
/// and the action head. The DotGym policy file (<see cref="PolicyFile"/>) stores exactly this; the agents build it
/// from a trained agent (<c>agent.ToPolicyModel()</c>) and the ONNX exporter writes the same computation as a graph.
/// The arrays are used as they are (not copied), and read on every call of a <see cref="RuntimePolicy"/>.
/// </summary>
public sealed class PolicyModel
{
    /// <summary>Checks that the pieces fit together: layer widths chain from the observation to the head.</summary>
    public PolicyModel(ObservationEncoding encoding, int observationWidth, ObservationNormalization? normalization,
        IReadOnlyList<DenseLayer> layers, ActionHead head, string observationSpace = "", string actionSpace = "", string producer = "",
        int observationStart = 0)
    {
        if (encoding != ObservationEncoding.Floats && encoding != ObservationEncoding.OneHotIndex)
            throw new ArgumentException($"Unknown observation encoding {(byte)encoding}; this runtime knows floats and one-hot indices.", nameof(encoding));
        if (observationWidth < 1) throw new ArgumentOutOfRangeException(nameof(observationWidth), observationWidth, "A policy needs at least one observation value.");
        if (layers is null || layers.Count == 0) throw new ArgumentException("A policy needs at least one layer.", nameof(layers));
        if (head is null) throw new ArgumentNullException(nameof(head));
        if (normalization is not null && normalization.Mean.Length != observationWidth)
            throw new ArgumentException($"The observation normalisation has {normalization.Mean.Length} values, the observation {observationWidth}.", nameof(normalization));
        int width = observationWidth;
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k] ?? throw new ArgumentException($"Layer {k} is null.", nameof(layers));
            if (layer.Inputs != width)
                throw new ArgumentException($"Layer {k} reads {layer.Inputs} values but {(k == 0 ? "the observation has" : $"layer {k - 1} gives")} {width}.", nameof(layers));
            width = layer.Outputs;
        }
        if (width != head.InputWidth)
            throw new ArgumentException($"The last layer gives {width} values but the action head ({Describe(head)}) reads {head.InputWidth}.", nameof(layers));
        if (head.Kind == ActionHeadKind.StateDependentContinuous && head.NoiseFeatures != layers[layers.Count - 1].Inputs)
            throw new ArgumentException($"The gSDE head's std reads {head.NoiseFeatures} features but the last layer reads {layers[layers.Count - 1].Inputs}.", nameof(head));
        Encoding = encoding;
        ObservationWidth = observationWidth;
        ObservationStart = observationStart;
        Normalization = normalization;
        Layers = layers;
        Head = head;
        ObservationSpace = observationSpace ?? "";
        ActionSpace = actionSpace ?? "";
        Producer = producer ?? "";
    }

    /// <summary>How observations arrive.</summary>
    public ObservationEncoding Encoding { get; }

    /// <summary>Float values in one (flattened or one-hot) observation: the network's input width.</summary>
    public int ObservationWidth { get; }

    /// <summary>For <see cref="ObservationEncoding.OneHotIndex"/>: the Discrete space's start (index = observation - start).</summary>
    public int ObservationStart { get; }

    /// <summary>Frozen running normalisation, or null when the agent trained without it.</summary>
    public ObservationNormalization? Normalization { get; }

    /// <summary>The actor MLP, input to output.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The action distribution behind the network.</summary>
    public ActionHead Head { get; }

    /// <summary>The training env's observation space, as text (for people; the runtime does not parse it).</summary>
    public string ObservationSpace { get; }

    /// <summary>The training env's action space, as text.</summary>
    public string ActionSpace { get; }

    /// <summary>Who made the policy (e.g. <c>DotGym 0.1.0 ppo CartPole-v1</c>).</summary>
    public string Producer { get; }

    /// <summary>Widest layer output (scratch size).</summary>
    internal int MaxWidth
    {
        get
        {
            int max = ObservationWidth;
            foreach (var layer in Layers) max = Math.Max(max, layer.Outputs);
            return max;
        }
    }

    /// <summary>A few lines saying what the policy reads, computes and outputs.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Producer.Length > 0) text.Append("producer:     ").Append(Producer).Append('\n');
        text.Append("observation:  ").Append(Encoding == ObservationEncoding.OneHotIndex
                ? $"index one-hot into {ObservationWidth} floats (start {ObservationStart})"
                : $"{ObservationWidth} floats")
            .Append(ObservationSpace.Length > 0 ? $" from {ObservationSpace}" : "").Append('\n');
        text.Append("normalise:    ").Append(Normalization is null ? "no"
            : string.Format(CultureInfo.InvariantCulture, "(x - mean) / sqrt(var + {0:G3}), clipped to ±{1:G6}", Normalization.Epsilon, Normalization.Clip)).Append('\n');
        text.Append("layers:       ").Append(ObservationWidth);
        foreach (var layer in Layers)
            text.Append(" -> ").Append(layer.Outputs).Append(layer.Activation == PolicyActivation.None ? "" : " " + layer.Activation.ToString().ToLowerInvariant());
        text.Append('\n');
        text.Append("action:       ").Append(Describe(Head)).Append(ActionSpace.Length > 0 ? $" for {ActionSpace}" : "");
        return text.ToString();
    }

    private static string Describe(ActionHead head) => head.Kind switch
    {
        ActionHeadKind.Discrete => $"argmax of {head.Choices[0]} logits",
        ActionHeadKind.MultiDiscrete => $"argmax per component of [{string.Join(", ", head.Choices)}] logits",
        _ => $"Gaussian mean of {head.Low.Length} values{(head.ClipToBounds ? ", clipped to the bounds" : "")}"
            + (head.Kind == ActionHeadKind.StateDependentContinuous ? $" (gSDE: std from {head.NoiseFeatures} features)" : ""),
    };
}
