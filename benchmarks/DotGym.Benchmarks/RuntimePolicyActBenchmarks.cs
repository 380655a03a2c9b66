using BenchmarkDotNet.Attributes;
using DotGym.Runtime;

namespace DotGym.Benchmarks;

/// <summary>
/// One <see cref="RuntimePolicy"/> decision, as a game makes it every frame: the frozen observation normalisation,
/// the actor MLP (two hidden layers of <see cref="Hidden"/> units, tanh) and the head. <c>Discrete</c>: CartPole's
/// shape (4 observations, argmax of 2 logits); <c>Continuous</c>: a lander's (8 observations, a 2-dimensional Box
/// mean clipped to its bounds). The weights are random (the cost does not depend on their values). Mean is the time
/// per decision; Allocated must stay 0.
/// </summary>
[MemoryDiagnoser]
public class RuntimePolicyActBenchmarks
{
    private RuntimePolicy _discrete = null!, _continuous = null!;
    private readonly float[] _cartPoleObservation = [0.01f, -0.2f, 0.03f, 0.25f];
    private readonly float[] _landerObservation = [0.1f, 1.2f, -0.3f, -0.5f, 0.05f, 0.01f, 0f, 0f];
    private readonly float[] _continuousAction = new float[2];

    /// <summary>Units per hidden layer: the agents' default (64) and a large policy (256).</summary>
    [Params(64, 256)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(1);
        _discrete = new RuntimePolicy(Mlp(random, 4, ActionHead.Discrete(2)));
        _continuous = new RuntimePolicy(Mlp(random, 8, ActionHead.Continuous([-1, -1], [1, 1], [0f, 0f])));
    }

    [Benchmark]
    public int Discrete() => _discrete.Act(_cartPoleObservation);

    [Benchmark]
    public float Continuous()
    {
        _continuous.Act(_landerObservation, _continuousAction);
        return _continuousAction[0];
    }

    private PolicyModel Mlp(System.Random random, int inputs, ActionHead head)
    {
        int[] widths = [inputs, Hidden, Hidden, head.InputWidth];
        var layers = new DenseLayer[3];
        for (int k = 0; k < 3; k++)
        {
            var weights = new float[widths[k] * widths[k + 1]];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5) * 0.3f;
            layers[k] = new DenseLayer(widths[k], widths[k + 1], weights, new float[widths[k + 1]], k < 2 ? PolicyActivation.Tanh : PolicyActivation.None);
        }
        var normalization = new ObservationNormalization(new double[inputs], Enumerable.Repeat(1.0, inputs).ToArray(), 1e-8, 10);
        return new PolicyModel(ObservationEncoding.Floats, inputs, normalization, layers, head);
    }
}
