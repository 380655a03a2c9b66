namespace DotGym.Rlhf.Tests;

public class GptConfigTests
{
    [Fact]
    public void JsonRoundTripsAndUsesGpt2Names()
    {
        var config = TestModels.Tiny(tie: false) with { Dropout = 0.1 };
        string json = config.ToJson();
        Assert.Contains("\"n_embd\": 32", json);
        Assert.Contains("\"tie_weights\": false", json);
        Assert.Equal(config, GptConfig.FromJson(json));
    }

    [Theory]
    [InlineData(0, 32, 2, 4, 32, 0.0, "vocab_size")]
    [InlineData(50, 0, 2, 4, 32, 0.0, "context_length")]
    [InlineData(50, 32, 0, 4, 32, 0.0, "n_layer")]
    [InlineData(50, 32, 2, 0, 32, 0.0, "n_head")]
    [InlineData(50, 32, 2, 5, 32, 0.0, "divisible by n_head")]
    [InlineData(50, 32, 2, 4, 32, 1.0, "dropout")]
    [InlineData(50, 32, 2, 4, 32, -0.1, "dropout")]
    public void ValidationNamesTheBadField(int vocab, int context, int layers, int heads, int width, double dropout, string expected)
    {
        var config = new GptConfig { VocabSize = vocab, ContextLength = context, Layers = layers, Heads = heads, EmbeddingDim = width, Dropout = dropout };
        var e = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void JsonWithAnUnknownFieldIsRejected()
    {
        string json = TestModels.Tiny().ToJson().Replace("\"n_layer\"", "\"n_layers\"");
        var e = Assert.Throws<ArgumentException>(() => GptConfig.FromJson(json));
        Assert.Contains("n_layer", e.Message);
    }

    [Fact]
    public void JsonWithAnInvalidValueIsRejectedByValidation()
    {
        string json = TestModels.Tiny().ToJson().Replace("\"n_head\": 4", "\"n_head\": 3");
        var e = Assert.Throws<ArgumentException>(() => GptConfig.FromJson(json));
        Assert.Contains("divisible", e.Message);
    }

    [Fact]
    public void Gpt2SmallIsValid() => Assert.Equal(64, GptConfig.Gpt2Small.Validate().HeadDim);
}
