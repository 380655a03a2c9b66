namespace DotGym.Runtime;

/// <summary>What follows a dense layer's affine map.</summary>
public enum PolicyActivation : byte
{
    /// <summary>Nothing (the output layer).</summary>
    None = 0,
    /// <summary><c>tanh</c>, the agents' default hidden activation.</summary>
    Tanh = 1,
    /// <summary><c>max(0, x)</c>.</summary>
    Relu = 2,
}

/// <summary>
/// One fully connected layer, <c>y = activation(W x + b)</c>, as PyTorch's <c>nn.Linear</c> stores it:
/// <see cref="Weights"/> row-major <c>[Outputs, Inputs]</c>, <see cref="Bias"/> <c>[Outputs]</c>.
/// </summary>
public sealed class DenseLayer
{
    /// <summary>Checks the shapes and that every weight is finite.</summary>
    public DenseLayer(int inputs, int outputs, float[] weights, float[] bias, PolicyActivation activation)
    {
        if (inputs < 1 || outputs < 1) throw new ArgumentException($"A dense layer needs at least one input and one output, got {inputs} -> {outputs}.");
        if (weights is null || weights.Length != (long)inputs * outputs)
            throw new ArgumentException($"A {inputs} -> {outputs} layer needs {(long)inputs * outputs} weights, got {weights?.Length ?? 0}.", nameof(weights));
        if (bias is null || bias.Length != outputs) throw new ArgumentException($"A {inputs} -> {outputs} layer needs {outputs} biases, got {bias?.Length ?? 0}.", nameof(bias));
        if (activation != PolicyActivation.None && activation != PolicyActivation.Tanh && activation != PolicyActivation.Relu)
            throw new ArgumentException($"Unknown activation {(byte)activation}; this runtime knows none, tanh and relu.", nameof(activation));
        if (!AllFinite(weights) || !AllFinite(bias))
            throw new ArgumentException($"The {inputs} -> {outputs} layer has NaN or infinite parameters: the training diverged. Export an earlier checkpoint.");
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
        Bias = bias;
        Activation = activation;
    }

    /// <summary>Width of the layer's input.</summary>
    public int Inputs { get; }

    /// <summary>Width of the layer's output.</summary>
    public int Outputs { get; }

    /// <summary>Row-major <c>[Outputs, Inputs]</c>. Read on every call: writing it changes the policy at once.</summary>
    public float[] Weights { get; }

    /// <summary><c>[Outputs]</c>. Read on every call.</summary>
    public float[] Bias { get; }

    /// <summary>Applied after the affine map.</summary>
    public PolicyActivation Activation { get; }

    internal static bool AllFinite(float[] values)
    {
        foreach (float v in values)
            if (float.IsNaN(v) || float.IsInfinity(v)) return false;
        return true;
    }
}
