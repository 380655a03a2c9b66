using DotGym.Rlhf.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class GenerationTests
{
    private static readonly long[][] Prompts = [[5, 9, 2], [7, 1, 4, 4, 8, 20], [12], [3, 3, 30, 31]];

    private static Gpt Model() => Gpt.Create(TestModels.Tiny(), seed: 21);

    private static GenerationResult Run(Gpt model, bool cache, double temperature, int topK = 0, double topP = 1.0, long? eos = null, int maxNew = 12, ulong seed = 99)
    {
        var (ids, mask) = TestModels.LeftPad(Prompts);
        using var generator = new Generator(seed);
        using (ids)
        using (mask)
            return model.Generate(ids, mask, maxNew, temperature, topK, topP, eos, generator, padId: 0, useKvCache: cache);
    }

    private static void AssertSameTokens(GenerationResult a, GenerationResult b)
    {
        Assert.Equal(a.Tokens.data<long>().ToArray(), b.Tokens.data<long>().ToArray());
        Assert.Equal(a.Mask.data<long>().ToArray(), b.Mask.data<long>().ToArray());
        Assert.True(TestModels.MaxAbsDiff(a.LogProbs, b.LogProbs) < 1e-4f);
    }

    [Fact]
    public void KvCachedGreedyEqualsUncached()
    {
        using var model = Model();
        using var cached = Run(model, cache: true, temperature: 0);
        using var uncached = Run(model, cache: false, temperature: 0);
        Assert.Equal(new long[] { 4, 12 }, cached.Tokens.shape);
        AssertSameTokens(cached, uncached);
    }

    [Theory]
    [InlineData(1.0, 0, 1.0)]
    [InlineData(0.7, 10, 0.9)]
    [InlineData(1.3, 0, 0.5)]
    public void KvCachedSeededSamplingEqualsUncached(double temperature, int topK, double topP)
    {
        using var model = Model();
        using var cached = Run(model, cache: true, temperature, topK, topP);
        using var uncached = Run(model, cache: false, temperature, topK, topP);
        AssertSameTokens(cached, uncached);
        using var again = Run(model, cache: true, temperature, topK, topP);
        AssertSameTokens(cached, again); // same seed, same tokens
        using var otherSeed = Run(model, cache: true, temperature, topK, topP, seed: 100);
        Assert.NotEqual(cached.Tokens.data<long>().ToArray(), otherSeed.Tokens.data<long>().ToArray());
    }

    [Fact]
    public void TopKOneEqualsGreedy()
    {
        using var model = Model();
        using var greedy = Run(model, cache: true, temperature: 0);
        using var topOne = Run(model, cache: true, temperature: 1.0, topK: 1);
        Assert.Equal(greedy.Tokens.data<long>().ToArray(), topOne.Tokens.data<long>().ToArray());
        Assert.True(topOne.LogProbs.abs().max().item<float>() < 1e-6f, "the only allowed token has probability 1");
    }

    [Fact]
    public void EachPaddedRowGeneratesWhatItWouldAlone()
    {
        using var model = Model();
        using var batch = Run(model, cache: true, temperature: 0);
        for (int row = 0; row < Prompts.Length; row++)
        {
            using var prompt = tensor(Prompts[row], [1, Prompts[row].Length]);
            using var alone = model.Generate(prompt, null, 12, temperature: 0);
            Assert.Equal(alone.Tokens.data<long>().ToArray(), batch.Tokens[row].data<long>().ToArray());
        }
    }

    [Fact]
    public void SamplingLogProbsMatchScoringWithTheSameTemperature()
    {
        using var model = Model();
        const double temperature = 0.8;
        using var result = Run(model, cache: true, temperature);
        var (prompt, promptMask) = TestModels.LeftPad(Prompts);
        using (prompt)
        using (promptMask)
        {
            using var sequence = cat([prompt, result.Tokens], 1);
            using var mask = cat([promptMask, result.Mask], 1);
            long total = sequence.shape[1], promptLength = prompt.shape[1];
            using var scored = model.LogProbs(sequence.narrow(1, 0, total - 1), mask.narrow(1, 0, total - 1), sequence.narrow(1, 1, total - 1), temperature);
            using var generatedPart = scored.narrow(1, promptLength - 1, result.Tokens.shape[1]);
            Assert.True(TestModels.MaxAbsDiff(generatedPart, result.LogProbs) < 1e-4f);
        }
    }

    [Fact]
    public void RowsStopAtEosAndArePaddedAfter()
    {
        using var model = Model();
        using var free = Run(model, cache: true, temperature: 0);
        long eos = free.Tokens[0, 2].item<long>(); // row 0 emits this at step 2 (maybe earlier too)
        using var stopped = Run(model, cache: true, temperature: 0, eos: eos);
        for (int row = 0; row < Prompts.Length; row++)
        {
            var freeRow = free.Tokens[row].data<long>().ToArray();
            int stop = Array.IndexOf(freeRow, eos);
            var tokens = stopped.Tokens[row].data<long>().ToArray();
            var mask = stopped.Mask[row].data<long>().ToArray();
            int real = stop < 0 ? tokens.Length : stop + 1;
            Assert.Equal(freeRow.Take(Math.Min(real, tokens.Length)), tokens.Take(real));
            Assert.All(tokens.Skip(real), t => Assert.Equal(0, t));
            Assert.Equal(Enumerable.Repeat(1L, real).Concat(Enumerable.Repeat(0L, tokens.Length - real)), mask);
            Assert.Equal(tokens.Take(real), stopped.TokensOf(row));
        }
        Assert.True(stopped.LogProbs.masked_select(stopped.Mask.eq(0)).abs().sum().item<float>() == 0f);
    }

    // A token row 1 emits greedily at step 3: used as EOS, it stops the rows at different steps.
    private static long EosThatStopsRowsAtDifferentSteps(Gpt model)
    {
        using var free = Run(model, cache: true, temperature: 0, maxNew: 16);
        return free.Tokens[1, 3].item<long>();
    }

    [Fact]
    public void RowsThatStopLeaveTheBatchWithoutChangingTheOthers()
    {
        // Rows that emit EOS are compacted out of the compute once a quarter of the batch has stopped; the rows left
        // must continue exactly as they would alone, and the cached and uncached paths must compact alike.
        using var model = Model();
        long eos = EosThatStopsRowsAtDifferentSteps(model);
        using var stopped = Run(model, cache: true, temperature: 0, eos: eos, maxNew: 16);
        var stops = Enumerable.Range(0, Prompts.Length).Select(r => stopped.TokensOf(r).Length).ToArray();
        Assert.True(stops.Distinct().Count() > 1, "the rows should stop at different steps for this test to mean anything");
        for (int row = 0; row < Prompts.Length; row++)
        {
            using var prompt = tensor(Prompts[row], [1, Prompts[row].Length]);
            using var alone = model.Generate(prompt, null, 16, temperature: 0, eosId: eos, padId: 0);
            Assert.Equal(alone.TokensOf(0), stopped.TokensOf(row));
        }
        using var sampledCached = Run(model, cache: true, temperature: 1.0, eos: eos, maxNew: 16);
        using var sampledUncached = Run(model, cache: false, temperature: 1.0, eos: eos, maxNew: 16);
        AssertSameTokens(sampledCached, sampledUncached);
    }

    [Fact]
    public void PackedScoringEqualsTheSamplingLogProbsForEveryRowAndChunking()
    {
        // The trainers score samples packed (prompt, response, trailing pads; no mask) and cut to the longest selected
        // row: every response token must get the log-prob it was sampled with, whichever rows are scored together.
        using var model = Model();
        long eos = EosThatStopsRowsAtDifferentSteps(model);
        using var result = Run(model, cache: true, temperature: 0.9, eos: eos, maxNew: 16);
        var (prompt, promptMask) = TestModels.LeftPad(Prompts);
        using (prompt)
        using (promptMask)
        {
            var batch = new Training.ResponseBatch(prompt, promptMask, result, padId: 0);
            using var whole = Training.ResponseBatch.ResponseLogProbs(model, batch.Select(null), 0.9);
            Assert.True(TestModels.MaxAbsDiff(whole * batch.ResponseMask, result.LogProbs) < 1e-4f);
            var chunked = batch.ScoreInChunks(3, rows => [Training.ResponseBatch.ResponseLogProbs(model, rows, 0.9)]);
            Assert.True(TestModels.MaxAbsDiff(chunked[0] * batch.ResponseMask, result.LogProbs) < 1e-4f);
            using var lastRow = tensor(new long[] { 3 });
            var one = batch.Select(lastRow);
            Assert.True(one.Inputs.shape[1] < prompt.shape[1] + result.Tokens.shape[1] - 1, "a single short row should be cut");
            using var alone = Training.ResponseBatch.ResponseLogProbs(model, one, 0.9);
            Assert.True(TestModels.MaxAbsDiff(alone * one.Mask, result.LogProbs.narrow(0, 3, 1)) < 1e-4f);
        }
    }

    [Fact]
    public void GenerationEndsEarlyWhenEveryRowHasStopped()
    {
        using var model = Model();
        using var prompt = tensor(new long[] { 5, 9, 2 }, [1, 3]);
        using var free = model.Generate(prompt, null, 8, temperature: 0);
        long eos = free.Tokens[0, 1].item<long>();
        using var stopped = model.Generate(prompt, null, 8, temperature: 0, eosId: eos);
        int first = Array.IndexOf(free.Tokens[0].data<long>().ToArray(), eos);
        Assert.Equal(first + 1, stopped.Tokens.shape[1]);
    }

    [Fact]
    public void GenerationRestoresTrainingModeAndNeedsNoGradients()
    {
        using var model = Model();
        model.train();
        using var prompt = tensor(new long[] { 1, 2 }, [1, 2]);
        using var result = model.Generate(prompt, null, 3, temperature: 0);
        Assert.True(model.training);
        Assert.False(result.LogProbs.requires_grad);
    }

    [Fact]
    public void BadGenerationRequestsGiveClearErrors()
    {
        using var model = Model();
        using var prompt = tensor(new long[] { 1, 2, 3, 4 }, [2, 2]);
        using var rightPadded = tensor(new long[] { 1, 0, 1, 1 }, [2, 2]);
        Assert.Contains("left-padded", Assert.Throws<ArgumentException>(() => model.Generate(prompt, rightPadded, 3, temperature: 0)).Message);
        Assert.Contains("context length", Assert.Throws<ArgumentException>(() => model.Generate(prompt, null, 31, temperature: 0)).Message);
        Assert.Throws<ArgumentNullException>(() => model.Generate(prompt, null, 3, temperature: 1.0));
        using var generator = new Generator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(prompt, null, 3, 1.0, topP: 0, generator: generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(prompt, null, 3, -1.0, generator: generator));
    }
}
