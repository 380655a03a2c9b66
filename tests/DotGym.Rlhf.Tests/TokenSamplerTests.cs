using DotGym.Rlhf.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class TokenSamplerTests
{
    // Probabilities in a shuffled order, so the filters must undo their sort.
    private static readonly float[] Probabilities = [0.15f, 0.5f, 0.05f, 0.3f];

    private static Tensor Logits() => tensor(Probabilities.Select(p => MathF.Log(p)).ToArray(), [1, 4]);

    private static bool[] Kept(Tensor filtered) => filtered.isinf().logical_not().data<bool>().ToArray();

    [Theory]
    [InlineData(0.45, new[] { false, true, false, false })]        // 0.5 alone reaches 0.45
    [InlineData(0.75, new[] { false, true, false, true })]         // 0.5 + 0.3
    [InlineData(0.85, new[] { true, true, false, true })]          // 0.5 + 0.3 + 0.15
    [InlineData(0.99, new[] { true, true, true, true })]
    [InlineData(1.0, new[] { true, true, true, true })]
    public void TopPKeepsTheSmallestSetReachingP(double p, bool[] expected)
    {
        using var logits = Logits();
        using var filtered = TokenSampler.TopP(logits, p);
        Assert.Equal(expected, Kept(filtered));
        // Kept logits are unchanged.
        using var keptMask = filtered.isinf().logical_not();
        Assert.True(TestModels.Identical(filtered.masked_select(keptMask), logits.masked_select(keptMask)));
    }

    [Theory]
    [InlineData(1, new[] { false, true, false, false })]
    [InlineData(2, new[] { false, true, false, true })]
    [InlineData(4, new[] { true, true, true, true })]
    [InlineData(9, new[] { true, true, true, true })]
    public void TopKKeepsTheKLargest(int k, bool[] expected)
    {
        using var logits = Logits();
        using var filtered = TokenSampler.TopK(logits, k);
        Assert.Equal(expected, Kept(filtered));
    }

    [Fact]
    public void SamplingDrawsOnlyKeptTokensAtTheirRenormalisedFrequencies()
    {
        const int rows = 20000;
        using var logits = Logits().expand(rows, 4).contiguous();
        using var generator = new Generator(5);
        var (tokens, logProbs) = TokenSampler.Sample(logits, 1.0, 0, 0.75, generator);
        var counts = new int[4];
        foreach (long t in tokens.data<long>().ToArray()) counts[t]++;
        Assert.Equal(0, counts[0]);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[1] / (double)rows, 0.625 - 0.02, 0.625 + 0.02); // 0.5 / 0.8
        // Reported log-probs are those of the renormalised distribution.
        var lp = logProbs.data<float>().ToArray();
        var tk = tokens.data<long>().ToArray();
        for (int i = 0; i < 10; i++) Assert.Equal(Math.Log(Probabilities[tk[i]] / 0.8), lp[i], 4);
        tokens.Dispose();
        logProbs.Dispose();
    }

    [Fact]
    public void GreedyIsArgmaxWithTemperatureOneLogProbs()
    {
        using var logits = Logits();
        var (tokens, logProbs) = TokenSampler.Sample(logits, 0, 0, 1.0, null);
        Assert.Equal(1, tokens.item<long>());
        Assert.Equal(Math.Log(0.5), logProbs.item<float>(), 5);
    }
}
