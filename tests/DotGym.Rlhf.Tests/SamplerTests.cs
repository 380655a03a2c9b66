using DotGym.Rlhf.Training;
using DotGym.Text.Tokenization;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class SamplerTests
{
    private static readonly string[] Prompts = ["ab", "a cab", "c", "bb a"];
    private static readonly TextCodec Codec = new(new CharTokenizer("abc "), 24);
    private static Gpt Model(long seed) => Gpt.Create(TestModels.Tiny() with { VocabSize = Codec.Tokenizer.VocabSize, ContextLength = 24 }, seed);

    [Fact]
    public void KlOfAModelToItselfIsZero()
    {
        using var model = Model(3);
        using var generator = new Generator(5);
        var (_, _, kl) = Sampler.SampleWithKl(model, model, Codec, Prompts, 12, 1.0, generator);
        Assert.All(kl, k => Assert.InRange(k, -1e-4, 1e-4));
    }

    [Fact]
    public void KlIsTheSumOverTheSampledTokensOfPolicyMinusReferenceLogProbs()
    {
        using var policy = Model(3);
        using var reference = Model(4);
        using var generator = new Generator(5);
        var (texts, _, kl) = Sampler.SampleWithKl(policy, reference, Codec, Prompts, 12, 1.0, generator);

        // The same tokens again (same seed), scored independently: both models' full forward passes over the sequences.
        var (ids, mask) = Codec.PromptBatch(Prompts, CPU);
        using var again = new Generator(5);
        using var generated = policy.Generate(ids, mask, 12, 1.0, eosId: Codec.Tokenizer.EosId, generator: again, padId: Codec.Tokenizer.PadId);
        long p = ids.shape[1], n = generated.Tokens.shape[1];
        var sequence = cat([ids, generated.Tokens], 1);
        var sequenceMask = cat([mask, generated.Mask], 1);
        var inputs = sequence.narrow(1, 0, p + n - 1);
        var targets = sequence.narrow(1, 1, p + n - 1);
        var inputMask = sequenceMask.narrow(1, 0, p + n - 1);
        var difference = (policy.LogProbs(inputs, inputMask, targets) - reference.LogProbs(inputs, inputMask, targets)).narrow(1, p - 1, n);
        var expected = (difference * generated.Mask.to(ScalarType.Float32)).sum(1).data<float>().ToArray();

        Assert.Equal(Prompts.Length, kl.Length);
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(Codec.Response(generated.TokensOf(i)), texts[i]);
            Assert.InRange(kl[i] - expected[i], -1e-4, 1e-4);
        }
        Assert.Contains(kl, k => Math.Abs(k) > 0.1); // two different random models: the check above is not 0 = 0
    }

    [Fact]
    public void SampleWithKlSamplesWhatSampleSamples()
    {
        using var policy = Model(3);
        using var reference = Model(4);
        using var first = new Generator(7);
        using var second = new Generator(7);
        var (texts, eos) = Sampler.Sample(policy, Codec, Prompts, 12, 1.0, first);
        var (textsWithKl, eosWithKl, _) = Sampler.SampleWithKl(policy, reference, Codec, Prompts, 12, 1.0, second);
        Assert.Equal(texts, textsWithKl);
        Assert.Equal(eos, eosWithKl);
    }
}
