using System.Diagnostics;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

/// <summary>
/// Measures (does not assert) forward and generation speed of the RLHF-sized model: 2 layers, 96 wide, 4 heads,
/// 96 context, batch 64. Run with <c>--logger "console;verbosity=detailed"</c> to see the numbers.
/// </summary>
public class SpeedMeasurement(ITestOutputHelper output)
{
    [Fact]
    public void ForwardAndGenerationSpeedAtBatch64()
    {
        var config = new GptConfig { VocabSize = 256, ContextLength = 96, Layers = 2, Heads = 4, EmbeddingDim = 96 };
        using var model = Gpt.Create(config, seed: 1);
        using var ids = TestModels.RandomIds(64, 96, config.VocabSize, seed: 2);
        using var promptIds = ids.narrow(1, 0, 32);
        using var generator = new Generator(3);
        int defaultThreads = get_num_threads();
        try
        {
            foreach (int threads in new[] { defaultThreads, 1 }.Distinct())
            {
                set_num_threads(threads);
                Measure(model, config, ids, promptIds, generator, threads, withUncached: threads == defaultThreads);
            }
        }
        finally
        {
            set_num_threads(defaultThreads);
        }
    }

    private void Measure(Gpt model, GptConfig config, Tensor ids, Tensor promptIds, Generator generator, int threads, bool withUncached)
    {
        model.eval();
        double forwardMs, maskedForwardMs;
        using (no_grad())
        using (var mask = ones_like(ids))
        {
            Time(() => model.Forward(ids, null).Dispose(), 1);
            forwardMs = Time(() => model.Forward(ids, null).Dispose(), 5);
            maskedForwardMs = Time(() => model.Forward(ids, mask).Dispose(), 5);
        }
        model.train();
        double trainStepMs;
        using (var optimizer = optim.Adam(model.parameters(), lr: 1e-4))
        {
            void TrainStep()
            {
                using var scope = NewDisposeScope();
                var logits = model.Forward(ids.narrow(1, 0, 95), null);
                var loss = nn.functional.cross_entropy(logits.reshape(-1, config.VocabSize), ids.narrow(1, 1, 95).reshape(-1));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            TrainStep();
            trainStepMs = Time(TrainStep, 3);
        }
        double cachedMs = Time(() => model.Generate(promptIds, null, 64, 1.0, generator: generator).Dispose(), 2);

        output.WriteLine($"--- libtorch threads: {threads}");
        output.WriteLine($"forward [64, 96] (no grad): {forwardMs:F1} ms  ({64 * 96 / forwardMs * 1000:F0} tokens/s)");
        output.WriteLine($"forward [64, 96] with a padding mask (explicit attention mask): {maskedForwardMs:F1} ms");
        output.WriteLine($"train step [64, 95] fwd+bwd+Adam: {trainStepMs:F1} ms");
        output.WriteLine($"generate 64 x (32 prompt + 64 new), KV cache: {cachedMs:F0} ms  ({64 * 64 / cachedMs * 1000:F0} new tokens/s)");
        if (withUncached)
        {
            // Only 16 tokens: recomputing everything each step is slow, and this is for comparison only.
            double uncachedMs = Time(() => model.Generate(promptIds, null, 16, 1.0, generator: generator, useKvCache: false).Dispose(), 1);
            double cached16Ms = Time(() => model.Generate(promptIds, null, 16, 1.0, generator: generator).Dispose(), 1);
            output.WriteLine($"generate 64 x (32 prompt + 16 new): KV cache {cached16Ms:F0} ms, no cache {uncachedMs:F0} ms");
        }
    }

    private static double Time(Action action, int repeats)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) action();
        return watch.Elapsed.TotalMilliseconds / repeats;
    }
}
