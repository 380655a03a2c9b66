using DotGym.Runtime;

namespace DotGym.Runtime.Tests;

/// <summary>Hand-made policies with known numbers, and random ones for properties.</summary>
internal static class Policies
{
    /// <summary>2 observations → 2 tanh → 3 logits (Discrete(3, start 10)); normalised with mean (1, -2), var (4, 0.25), clip 5.</summary>
    public static PolicyModel Small(bool normalize = true) => new(
        ObservationEncoding.Floats, 2, normalize ? new ObservationNormalization([1, -2], [4, 0.25], 1e-8, 5) : null,
        [Hidden(), new DenseLayer(2, 3, [1f, 0f, 0f, 1f, -1f, 1f], [0f, 0.05f, 0f], PolicyActivation.None)],
        ActionHead.Discrete(3, start: 10), "Box(-inf, inf, (2,), float32)", "Discrete(3, start=10)", "hand-made");

    /// <summary>As <see cref="Small"/> with a 2-dimensional Box action in [-0.5, 0.5] × [-1, 1] (the mean is the hidden layer).</summary>
    public static PolicyModel SmallContinuous(bool clip = true) => new(
        ObservationEncoding.Floats, 2, new ObservationNormalization([1, -2], [4, 0.25], 1e-8, 5),
        [Hidden(), new DenseLayer(2, 2, [1f, 0f, 0f, 1f], [0f, 0f], PolicyActivation.None)],
        ActionHead.Continuous([-0.5, -1], [0.5, 1], [0f, -1f], clip));

    // gSDE over the features the last layer reads: a [features x 3] log-std matrix around -1.
    private static ActionHead StateDependent(int features, System.Random random)
    {
        var logStd = new float[features * 3];
        for (int i = 0; i < logStd.Length; i++) logStd[i] = (float)(random.NextDouble() - 1.5);
        return ActionHead.StateDependentContinuous([-1, -0.5, double.NegativeInfinity], [1, 2, double.PositiveInfinity], logStd, features, clipToBounds: false);
    }

    private static DenseLayer Hidden() => new(2, 2, [0.5f, -1f, 2f, 0.25f], [0.1f, -0.2f], PolicyActivation.Tanh);

    /// <summary>A random MLP of the given shape with a random head.</summary>
    public static PolicyModel Random(int seed, int inputs, int[] hidden, int headKind, bool normalize)
    {
        var random = new System.Random(seed);
        float Weight() => (float)(random.NextDouble() * 2 - 1);
        ActionHead head = headKind switch
        {
            0 => ActionHead.Discrete(1 + random.Next(6), random.Next(-3, 3)),
            1 => ActionHead.MultiDiscrete([1 + random.Next(4), 1 + random.Next(4), 1 + random.Next(4)], [0, 1, -2]),
            2 => ActionHead.Continuous([-1, -0.5, double.NegativeInfinity], [1, 2, double.PositiveInfinity], [0.1f, -0.5f, 0f], clipToBounds: true),
            _ => StateDependent(hidden.Length > 0 ? hidden[^1] : inputs, random),
        };
        var layers = new List<DenseLayer>();
        int width = inputs;
        var sizes = hidden.Append(head.InputWidth).ToArray();
        for (int k = 0; k < sizes.Length; k++)
        {
            var weights = new float[width * sizes[k]];
            for (int i = 0; i < weights.Length; i++) weights[i] = Weight();
            var bias = new float[sizes[k]];
            for (int i = 0; i < bias.Length; i++) bias[i] = Weight();
            layers.Add(new DenseLayer(width, sizes[k], weights, bias, k == sizes.Length - 1 ? PolicyActivation.None : (k % 2 == 0 ? PolicyActivation.Tanh : PolicyActivation.Relu)));
            width = sizes[k];
        }
        ObservationNormalization? normalization = null;
        if (normalize)
        {
            var mean = new double[inputs];
            var variance = new double[inputs];
            for (int j = 0; j < inputs; j++) { mean[j] = random.NextDouble() * 10 - 5; variance[j] = random.NextDouble() * 3; }
            normalization = new ObservationNormalization(mean, variance, 1e-8, 10);
        }
        return new PolicyModel(ObservationEncoding.Floats, inputs, normalization, layers, head, producer: $"random {seed}");
    }

    /// <summary>The policy's forward pass in float64, written out plainly: the reference the runtime is checked against.</summary>
    public static double[] Reference(PolicyModel model, ReadOnlySpan<float> observation)
    {
        var x = new double[observation.Length];
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = observation[j];
            if (model.Normalization is { } n)
                x[j] = (float)Math.Clamp((observation[j] - n.Mean[j]) / Math.Sqrt(n.Variance[j] + n.Epsilon), -n.Clip, n.Clip);
        }
        foreach (var layer in model.Layers)
        {
            var y = new double[layer.Outputs];
            for (int o = 0; o < y.Length; o++)
            {
                double sum = layer.Bias[o];
                for (int i = 0; i < layer.Inputs; i++) sum += layer.Weights[o * layer.Inputs + i] * x[i];
                y[o] = layer.Activation switch { PolicyActivation.Tanh => Math.Tanh(sum), PolicyActivation.Relu => Math.Max(sum, 0), _ => sum };
            }
            x = y;
        }
        return x;
    }
}
