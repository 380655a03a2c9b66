using DotGym.Runtime;
using FsCheck.Xunit;

namespace DotGym.Runtime.Tests;

/// <summary>The runtime computes the policy: normalisation, MLP and head against a plain float64 reference, masks, sampling, and no allocation.</summary>
public sealed class RuntimePolicyTests
{
    [Fact]
    public void ASmallPolicyComputesTheNumbersWorkedOutByHand()
    {
        var policy = new RuntimePolicy(Policies.Small());
        // normalised: ((3 - 1) / 2, (-1.5 + 2) / 0.5) = (1, 1); hidden: tanh(0.5 - 1 + 0.1) = tanh(-0.4), tanh(2 + 0.25 - 0.2) = tanh(2.05)
        double h0 = Math.Tanh(-0.4), h1 = Math.Tanh(2.05);
        var output = policy.Forward([3f, -1.5f]).ToArray();
        Assert.Equal(h0, output[0], 6);
        Assert.Equal(h1 + 0.05, output[1], 6);
        Assert.Equal(h1 - h0, output[2], 6);
        Assert.Equal(12, policy.Act([3f, -1.5f])); // logit 2 is largest; start 10
    }

    [Property(MaxTest = 60)]
    public void TheForwardPassEqualsAPlainFloat64Reference(int seed, byte hiddenWidth, bool normalize, byte headKind)
    {
        var model = Policies.Random(seed, inputs: 11, hidden: [1 + hiddenWidth % 40, 1 + hiddenWidth % 7], headKind % 4, normalize);
        var policy = new RuntimePolicy(model);
        var random = new System.Random(seed);
        var obs = new float[11];
        for (int j = 0; j < obs.Length; j++) obs[j] = (float)(random.NextDouble() * 40 - 20);
        var expected = Policies.Reference(model, obs);
        var output = policy.Forward(obs);
        for (int k = 0; k < expected.Length; k++) Assert.True(Math.Abs(output[k] - expected[k]) <= 1e-4 * Math.Max(1, Math.Abs(expected[k])), $"output {k}: {output[k]} vs {expected[k]}");
    }

    [Property(MaxTest = 100)]
    public void DotProductsAddInOneFixedOrderWhateverTheSimdWidth(int seed, byte length)
    {
        var random = new System.Random(seed);
        var a = new float[length];
        var b = new float[length];
        for (int i = 0; i < length; i++) { a[i] = (float)(random.NextDouble() * 2 - 1); b[i] = (float)(random.NextDouble() * 20 - 10); }
        // The documented order: eight lane sums over blocks of eight, added lane 0 to 7, then the tail.
        var lanes = new float[8];
        int blocks = length / 8;
        for (int k = 0; k < blocks; k++)
            for (int j = 0; j < 8; j++) lanes[j] += a[k * 8 + j] * b[k * 8 + j];
        float expected = 0;
        for (int j = 0; j < 8; j++) expected += lanes[j];
        for (int i = blocks * 8; i < length; i++) expected += a[i] * b[i];
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(DenseMath.Dot(a, b)));
    }

    [Property(MaxTest = 100)]
    public void ALayerComputesEachOutputAsItsRowsDotProductBitForBit(int seed, byte inputs, byte outputs)
    {
        var random = new System.Random(seed);
        int n = 1 + inputs % 70, m = 1 + outputs % 23;
        var weights = new float[n * m];
        var bias = new float[m];
        var x = new float[n];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < m; i++) bias[i] = (float)random.NextDouble();
        for (int i = 0; i < n; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
        var y = new float[m];
        DenseMath.Apply(new DenseLayer(n, m, weights, bias, PolicyActivation.None), x, y);
        for (int o = 0; o < m; o++)
            Assert.Equal(BitConverter.SingleToInt32Bits(DenseMath.Dot(weights.AsSpan(o * n, n), x) + bias[o]), BitConverter.SingleToInt32Bits(y[o]));
    }

    [Fact]
    public void MultiDiscreteActsPerComponentAndAddsTheStarts()
    {
        var model = Policies.Random(3, 4, [8], headKind: 1, normalize: true);
        var policy = new RuntimePolicy(model);
        float[] obs = [0.5f, -1f, 2f, 3f];
        var logits = policy.Forward(obs).ToArray();
        var action = new int[3];
        policy.Act(obs, action);
        int offset = 0;
        for (int c = 0; c < 3; c++)
        {
            var component = logits.AsSpan(offset, model.Head.Choices[c]).ToArray();
            Assert.Equal(Array.IndexOf(component, component.Max()) + model.Head.Starts[c], action[c]);
            offset += component.Length;
        }
    }

    [Fact]
    public void ContinuousActionsAreTheMeanClippedToTheBoundsUnlessClippingIsOff()
    {
        float[] obs = [3f, -1.5f]; // mean (tanh(-0.4), tanh(2.05)) = (-0.38, 0.97): inside the bounds
        var clipped = new RuntimePolicy(Policies.SmallContinuous(clip: true));
        var unclipped = new RuntimePolicy(Policies.SmallContinuous(clip: false));
        float[] far = [100f, 100f]; // normalised to the clip 5: hidden (tanh(-2.4), tanh(11.35)) = (-0.98, 1.0)
        var mean = unclipped.Forward(far).ToArray();
        var action = new float[2];
        clipped.Act(far, action);
        Assert.Equal(-0.5f, action[0]);
        Assert.Equal(Math.Min(mean[1], 1f), action[1]);
        unclipped.Act(far, action);
        Assert.Equal(mean, action);
        clipped.Act(obs, action);
        Assert.Equal(clipped.Forward(obs).ToArray(), action); // inside the bounds: the mean itself
    }

    [Fact]
    public void MasksSkipIllegalActionsAndAFullyMaskedComponentGivesIndexZero()
    {
        var policy = new RuntimePolicy(Policies.Small());
        float[] obs = [3f, -1.5f];
        Assert.Equal(12, policy.Act(obs, new byte[] { 1, 1, 1 }));
        Assert.Equal(11, policy.Act(obs, new byte[] { 1, 1, 0 }));
        Assert.Equal(10, policy.Act(obs, new byte[] { 1, 0, 0 }));
        Assert.Equal(10, policy.Act(obs, new byte[] { 0, 0, 0 })); // as training's masked argmax: every logit -1e8, the first wins
    }

    [Fact]
    public void SamplingFollowsTheSoftmaxAndNeverDrawsAMaskedAction()
    {
        var policy = new RuntimePolicy(Policies.Small());
        float[] obs = [3f, -1.5f];
        var logits = policy.Forward(obs).ToArray();
        var p = logits.Select(l => Math.Exp(l)).ToArray();
        double total = p.Sum();
        var counts = new int[3];
        var random = new System.Random(7);
        var action = new int[1];
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            policy.Sample(obs, action, random);
            counts[action[0] - 10]++;
        }
        for (int k = 0; k < 3; k++) Assert.InRange(counts[k] / (double)draws, p[k] / total - 0.015, p[k] / total + 0.015);
        for (int i = 0; i < 1000; i++)
        {
            policy.Sample(obs, action, random, new byte[] { 1, 0, 1 });
            Assert.NotEqual(11, action[0]);
        }
    }

    [Fact]
    public void GaussianSamplesHaveTheMeanAndTheLogStdsSpread()
    {
        var policy = new RuntimePolicy(Policies.SmallContinuous(clip: false));
        float[] obs = [1f, -2f]; // normalised to (0, 0): mean = (tanh(0.1), tanh(-0.2))
        AssertSamplesFollow(policy, obs, [Math.Tanh(0.1), Math.Tanh(-0.2)], [1, Math.Exp(-1)], seed: 3);
    }

    /// <summary>Over many draws, each action dimension has the mean (within 3 % of its std) and the std (within 3 %) given.</summary>
    private static void AssertSamplesFollow(RuntimePolicy policy, float[] obs, double[] mean, double[] std, int seed)
    {
        var random = new System.Random(seed);
        int dims = mean.Length;
        var action = new float[dims];
        const int draws = 40_000;
        double[] sum = new double[dims], sumSquares = new double[dims];
        for (int i = 0; i < draws; i++)
        {
            policy.Sample(obs, action, random);
            for (int d = 0; d < dims; d++) { sum[d] += action[d]; sumSquares[d] += action[d] * (double)action[d]; }
        }
        for (int d = 0; d < dims; d++)
        {
            double m = sum[d] / draws, s = Math.Sqrt(sumSquares[d] / draws - m * m);
            Assert.InRange(m, mean[d] - 0.03 * std[d], mean[d] + 0.03 * std[d]);
            Assert.InRange(s, std[d] * 0.97, std[d] * 1.03);
        }
    }

    [Fact]
    public void StateDependentSamplesHaveTheSpreadOfTheirFeatures()
    {
        var model = Policies.Random(4, 5, [6, 4], headKind: 3, normalize: true);
        var policy = new RuntimePolicy(model);
        float[] obs = [0.3f, -1f, 2f, 0.5f, -0.7f];
        // The features: the network without its last layer (the runtime's forward pass is tested against a float64 reference).
        var trunk = new PolicyModel(model.Encoding, model.ObservationWidth, model.Normalization, [.. model.Layers.Take(model.Layers.Count - 1)],
            ActionHead.Continuous(new double[4], new double[4], new float[4], clipToBounds: false));
        var features = new RuntimePolicy(trunk).Forward(obs).ToArray();
        var mean = policy.Forward(obs).ToArray().Select(v => (double)v).ToArray();
        var logStd = model.Head.LogStd;
        var std = new double[3];
        for (int d = 0; d < 3; d++)
        {
            double variance = 1e-6;
            for (int k = 0; k < features.Length; k++) variance += features[k] * (double)features[k] * Math.Exp(2 * logStd[k * 3 + d]);
            std[d] = Math.Sqrt(variance);
        }
        AssertSamplesFollow(policy, obs, mean, std, seed: 9);
    }

    [Fact]
    public void ActingAllocatesNothing()
    {
        var discrete = new RuntimePolicy(Policies.Random(1, 8, [64, 64], headKind: 1, normalize: true));
        var continuous = new RuntimePolicy(Policies.Random(2, 8, [64, 64], headKind: 2, normalize: true));
        var obs = new float[8];
        var indices = new int[3];
        var values = new float[3];
        var mask = new byte[discrete.OutputLength];
        Array.Fill(mask, (byte)1);
        var random = new System.Random(1);
        void ActAll()
        {
            for (int i = 0; i < 200; i++)
            {
                obs[i % 8] = i * 0.01f;
                discrete.Act(obs, indices);
                discrete.Act(obs, indices, mask);
                discrete.Sample(obs, indices, random, mask);
                continuous.Act(obs, values);
                continuous.Sample(obs, values, random);
                _ = discrete.Forward(obs);
            }
        }
        ActAll(); // JIT, tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        ActAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TheRuntimeDependsOnNothingButTheBaseLibrary()
    {
        var references = typeof(RuntimePolicy).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"DotGym.Runtime references {name}; games must be able to ship it alone."));
    }
}
