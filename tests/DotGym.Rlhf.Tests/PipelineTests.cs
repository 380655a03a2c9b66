using System.Text.Json;
using DotGym.Rlhf.Pipeline;
using DotGym.Rlhf.Training;
using DotGym.Text.Tokenization;
using Xunit.Abstractions;

namespace DotGym.Rlhf.Tests;

/// <summary>The short, CI-sized version of the whole RLHF pipeline, and the trainers' bad-input errors.</summary>
public sealed class PipelineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dotgym-rlhf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void TheQuickPipelineRaisesTheRewardAndWritesItsSummary()
    {
        var summary = RlhfPipeline.Run(RlhfPipelineOptions.Quick(seed: 1), _folder, p => { if (p.Line is not null) output.WriteLine(p.Line); });
        output.WriteLine(JsonSerializer.Serialize(summary));
        Assert.True(summary.RewardMeanAfter > summary.RewardMeanBefore + 0.2,
            $"PPO should raise the normalised reward: {summary.RewardMeanBefore:F2} -> {summary.RewardMeanAfter:F2}");
        Assert.True(summary.GoldAfter > summary.GoldBefore, $"the hidden rule's score should rise too: {summary.GoldBefore:F2} -> {summary.GoldAfter:F2}");
        Assert.True(summary.SentimentAccuracy >= 0.9);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        foreach (var key in new[] { "rm_pairwise_accuracy", "sentiment_accuracy", "reward_mean_before", "reward_mean_after", "kl_final", "gold_before",
                     "gold_after", "distinct2_sft", "distinct2_final", "grpo_accuracy_before", "grpo_accuracy_after", "grpo_greedy_accuracy_before",
                     "grpo_greedy_accuracy_after", "wall_seconds", "device" })
            Assert.True(json.RootElement.TryGetProperty(key, out _), $"summary.json lacks {key}");
        foreach (var file in new[] { "report.md", "metrics_sft.csv", "metrics_ppo.csv", "metrics_dpo.csv", "metrics_grpo.csv", "metrics_rloo.csv",
                     "sft.json", "rm.json", "ppo.json", "dpo.json", "grpo.json", "rloo.json", "sft/config.json", "ppo/model.safetensors",
                     "reward/preference.safetensors", "reward/rankings.json", "ppo_curves.png", "grpo_curves.png" })
            Assert.True(File.Exists(Path.Combine(_folder, file)), $"missing {file}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "tensorboard", "ppo"), "events.out.tfevents.*"));

        // The summary is the stages' result files put together: made again from the folder, it is the same.
        var again = RlhfPipeline.Summarize(new RlhfRunFolder(_folder), summary.Seed, summary.WallSeconds, summary.Device);
        Assert.Equal(summary, again);
    }

    [Fact]
    public void APromptLongerThanTheContextIsRefused()
    {
        var codec = new TextCodec(new CharTokenizer("ab "), contextLength: 8);
        var e = Assert.Throws<ArgumentException>(() => codec.PromptIds("abababab"));
        Assert.Contains("context", e.Message);
    }

    [Fact]
    public void ARewardThatReturnsNaNStopsPpoWithAClearError()
    {
        var tokenizer = new CharTokenizer("ab ");
        var codec = new TextCodec(tokenizer, 16);
        using var reference = Gpt.Create(new GptConfig { VocabSize = tokenizer.VocabSize, ContextLength = 16, Layers = 1, Heads = 1, EmbeddingDim = 8 }, 1);
        using var model = Gpt.Create(reference.Config, 1);
        using var generator = new TorchSharp.torch.Generator(1);
        using var policy = new GptWithValueHead(model, generator);
        var options = new PpoRlhfOptions { Updates = 1, BatchSize = 2, MiniBatchSize = 2, MaxNewTokens = 3 };
        var e = Assert.Throws<InvalidOperationException>(() =>
            PpoRlhfTrainer.Train(policy, reference, codec, ["ab"], (p, r) => p.Select(_ => double.NaN).ToArray(), null, options));
        Assert.Contains("finite", e.Message);
    }
}
