using DotGym.Rlhf.Checkpoints;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

/// <summary>The example in src/DotGym.Rlhf/README.md, so it keeps compiling and running.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleRuns()
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, "runs/sft/model");

        var config = new GptConfig { VocabSize = 256, ContextLength = 96, Layers = 2, Heads = 4, EmbeddingDim = 96 };
        using var model = Gpt.Create(config, seed: 1);
        var (ids, mask) = LeftPaddedBatch.From(new[] { new[] { 10, 20, 30 }, new[] { 40 } }, padId: 0);
        using var generator = new Generator(7);
        using var result = model.Generate(ids, mask, maxNewTokens: 32, temperature: 0.8, topP: 0.95, eosId: 0, generator: generator);
        GptCheckpoint.Save(model, folder);

        Assert.Equal(2, result.Tokens.shape[0]);
        Assert.True(File.Exists(Path.Combine(folder, GptCheckpoint.WeightsFileName)));
        ids.Dispose();
        mask.Dispose();
    }
}
