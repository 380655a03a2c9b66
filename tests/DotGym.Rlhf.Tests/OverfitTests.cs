using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class OverfitTests
{
    [Fact]
    public void ATinyModelMemorisesAHandfulOfSequences()
    {
        var config = new GptConfig { VocabSize = 16, ContextLength = 16, Layers = 2, Heads = 4, EmbeddingDim = 32 };
        using var model = Gpt.Create(config, seed: 1);
        // Distinct first tokens make every later token predictable from the prefix, so the loss can reach ~0.
        using var random = TestModels.RandomIds(4, 12, 16, seed: 2);
        using var firsts = arange(0, 4, ScalarType.Int64).unsqueeze(1);
        using var data = cat([firsts, random.narrow(1, 1, 11)], 1);
        using var inputs = data.narrow(1, 0, 11);
        using var targets = data.narrow(1, 1, 11);
        using var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(inputs, null);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, 16), targets.reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }
        Assert.InRange(first, 2.0f, 3.5f); // about ln 16 = 2.77 at init
        Assert.True(last < 0.05f, $"loss should fall below 0.05 in 300 Adam steps, went {first} -> {last}");

        // And greedy generation now reproduces a memorised sequence from its first token.
        using var prompt = data.narrow(1, 0, 1).narrow(0, 2, 1);
        using var generated = model.Generate(prompt, null, 11, temperature: 0);
        Assert.Equal(data[2].data<long>().Skip(1).ToArray(), generated.Tokens[0].data<long>().ToArray());
    }
}
