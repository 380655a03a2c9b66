using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class GptForwardTests
{
    [Fact]
    public void LogitsHaveShapeBatchTimeVocab()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        using var ids = TestModels.RandomIds(3, 7, 50, seed: 2);
        using var logits = model.Forward(ids, null);
        Assert.Equal(new long[] { 3, 7, 50 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void InitIsDeterministicGpt2StyleAndLeavesTheGlobalRngAlone()
    {
        manual_seed(123);
        using var before = rand(4);
        manual_seed(123);
        using var a = Gpt.Create(TestModels.Tiny(), seed: 7);
        using var after = rand(4);
        Assert.True(TestModels.Identical(before, after), "building a model must not draw from the global RNG");

        using var b = Gpt.Create(TestModels.Tiny(), seed: 7);
        using var c = Gpt.Create(TestModels.Tiny(), seed: 8);
        var stateA = a.state_dict();
        var stateB = b.state_dict();
        Assert.All(stateA, kv => Assert.True(TestModels.Identical(kv.Value, stateB[kv.Key]), kv.Key));
        Assert.False(TestModels.Identical(stateA["wte.weight"], c.state_dict()["wte.weight"]));

        // GPT-2's init: weights ~ N(0, 0.02), residual projections smaller, biases 0, LayerNorm 1/0.
        double std = stateA["wte.weight"].std().item<float>();
        Assert.InRange(std, 0.018, 0.022);
        double projStd = stateA["h.0.mlp.c_proj.weight"].std().item<float>();
        Assert.InRange(projStd, 0.02 / Math.Sqrt(4) * 0.9, 0.02 / Math.Sqrt(4) * 1.1);
        Assert.Equal(0f, stateA["h.1.attn.c_attn.bias"].abs().max().item<float>());
        Assert.Equal(1f, stateA["ln_f.weight"].min().item<float>());
        Assert.DoesNotContain("lm_head.weight", stateA.Keys); // tied to wte
    }

    [Fact]
    public void LeftPaddedRowsGiveTheUnpaddedLogitsForTheirRealTokens()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 3);
        model.eval();
        long[][] sequences = [[5, 9, 2, 11, 3], [7, 1, 4, 4, 8, 20, 33, 2, 6], [12, 40, 1]];
        var (ids, mask) = TestModels.LeftPad(sequences);
        using (ids)
        using (mask)
        using (var padded = model.Forward(ids, mask))
        {
            for (int row = 0; row < sequences.Length; row++)
            {
                int length = sequences[row].Length, pad = (int)ids.shape[1] - length;
                using var alone = tensor(sequences[row], [1, length]);
                using var expected = model.Forward(alone, null);
                using var actual = padded[row].narrow(0, pad, length).unsqueeze(0);
                Assert.True(TestModels.MaxAbsDiff(actual, expected) < 1e-5f, $"row {row}: {TestModels.MaxAbsDiff(actual, expected)}");
            }
            Assert.False(padded.isnan().any().item<bool>(), "pad slots must stay finite too");
        }
    }

    [Fact]
    public void BoolAndLongMasksAgreeAndIntArraysPadToTheLeft()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 3);
        var (ids, mask) = LeftPaddedBatch.From(new[] { new[] { 5, 9, 2 }, new[] { 7 } }, padId: 1);
        Assert.Equal(new long[] { 5, 9, 2, 1, 1, 7 }, ids.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 1 }, mask.data<long>().ToArray());
        using var boolMask = mask.to(ScalarType.Bool);
        using var a = model.Forward(ids, mask);
        using var b = model.Forward(ids, boolMask);
        Assert.Equal(0f, TestModels.MaxAbsDiff(a, b));
        ids.Dispose();
        mask.Dispose();
    }

    [Fact]
    public void DropoutActsOnlyInTrainingMode()
    {
        using var model = Gpt.Create(TestModels.Tiny() with { Dropout = 0.3 }, seed: 3);
        var (ids, mask) = TestModels.LeftPad([1, 2, 3, 4], [5, 6]);
        model.train();
        using var trainA = model.Forward(ids, mask);
        using var trainB = model.Forward(ids, mask);
        Assert.True(TestModels.MaxAbsDiff(trainA, trainB) > 1e-3f);
        Assert.False(trainA.isnan().any().item<bool>());
        model.eval();
        using var evalA = model.Forward(ids, mask);
        using var evalB = model.Forward(ids, mask);
        Assert.Equal(0f, TestModels.MaxAbsDiff(evalA, evalB));
        ids.Dispose();
        mask.Dispose();
    }

    [Fact]
    public void AnAllOnesMaskEqualsNoMask()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 4);
        using var ids = TestModels.RandomIds(2, 9, 50, seed: 5);
        using var ones = ones_like(ids);
        using var a = model.Forward(ids, null);
        using var b = model.Forward(ids, ones);
        Assert.True(TestModels.MaxAbsDiff(a, b) < 1e-5f);
    }

    [Fact]
    public void LogProbsAreTheTemperatureScaledLogSoftmaxOfTheTargets()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 6);
        using var sequence = TestModels.RandomIds(2, 10, 50, seed: 7);
        using var inputs = sequence.narrow(1, 0, 9);
        using var targets = sequence.narrow(1, 1, 9);
        foreach (double temperature in new[] { 1.0, 0.5 })
        {
            using var logProbs = model.LogProbs(inputs, null, targets, temperature);
            Assert.Equal(new long[] { 2, 9 }, logProbs.shape);
            using var logits = model.Forward(inputs, null);
            using var expected = (logits / temperature).log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1);
            Assert.True(TestModels.MaxAbsDiff(logProbs, expected) < 1e-5f);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.LogProbs(inputs, null, targets, 0));
    }

    [Fact]
    public void BadInputsGiveClearErrors()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        using var tooLong = zeros([1, 33], ScalarType.Int64);
        Assert.Contains("context_length", Assert.Throws<ArgumentException>(() => model.Forward(tooLong, null)).Message);
        using var badId = full([1, 3], 50L, ScalarType.Int64);
        Assert.Contains("[0, 50)", Assert.Throws<ArgumentException>(() => model.Forward(badId, null)).Message);
        using var floats = zeros(1, 3);
        Assert.Contains("integer", Assert.Throws<ArgumentException>(() => model.Forward(floats, null)).Message);
        using var ids = zeros([2, 3], ScalarType.Int64);
        using var mask = ones([2, 4], ScalarType.Int64);
        Assert.Contains("attentionMask", Assert.Throws<ArgumentException>(() => model.Forward(ids, mask)).Message);
    }

    [Fact]
    public void UntiedModelHasItsOwnHead()
    {
        using var model = Gpt.Create(TestModels.Tiny(tie: false), seed: 1);
        Assert.Equal(new long[] { 50, 32 }, model.state_dict()["lm_head.weight"].shape);
        using var ids = TestModels.RandomIds(1, 4, 50, seed: 1);
        using var logits = model.Forward(ids, null);
        Assert.Equal(new long[] { 1, 4, 50 }, logits.shape);
    }

    [Fact]
    public void ValueHeadGivesOneValuePerTokenAndReadsTheLastRealToken()
    {
        using var generator = new Generator(11);
        using var policy = new GptWithValueHead(Gpt.Create(TestModels.Tiny(), seed: 2), generator);
        var (ids, mask) = TestModels.LeftPad([1, 2, 3], [4, 5, 6, 7, 8]);
        var (logits, values) = policy.Forward(ids, mask);
        Assert.Equal(new long[] { 2, 5, 50 }, logits.shape);
        Assert.Equal(new long[] { 2, 5 }, values.shape);
        using var last = ValueHead.AtLastToken(values, mask);
        Assert.Equal(values[0, 4].item<float>(), last[0].item<float>());
        Assert.Contains("v_head.summary.weight", policy.state_dict().Keys);
        Assert.Contains("transformer.wte.weight", policy.state_dict().Keys);
        // Right padding: the last real token is not the last column.
        using var rightMask = tensor(new long[] { 1, 1, 0, 1, 1, 1 }, [2, 3]);
        using var someValues = arange(0, 6, ScalarType.Float32).view(2, 3);
        using var picked = ValueHead.AtLastToken(someValues, rightMask);
        Assert.Equal(new float[] { 1, 5 }, picked.data<float>().ToArray());
        // Gradients reach both the head and the trunk.
        values.sum().backward();
        Assert.NotNull(policy.Head.parameters().First().grad);
        Assert.NotNull(policy.Model.parameters().First().grad);
    }
}
