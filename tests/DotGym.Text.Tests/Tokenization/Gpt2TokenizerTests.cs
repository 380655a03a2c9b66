using DotGym.Text.Tokenization;

namespace DotGym.Text.Tests.Tokenization;

public class Gpt2TokenizerTests
{
    private static readonly Lazy<Gpt2Tokenizer> Gpt2 = new(Gpt2Tokenizer.Create);

    [Fact]
    public void Known_ids()
    {
        var t = Gpt2.Value;
        Assert.Equal([15496, 995], t.Encode("Hello world"));
        Assert.Equal([262], t.Encode(" the"));
        Assert.Equal([50256], t.Encode("<|endoftext|>"));
        Assert.Equal(50257, t.VocabSize);
        Assert.Equal((50256, 50256, 50256), (t.BosId, t.EosId, t.PadId));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("the acting was wonderful and the plot moved fast")]
    [InlineData("23+45=68")]
    [InlineData("Ünïcödé and emoji 🎉")]
    public void Round_trips(string text) => Assert.Equal(text, Gpt2.Value.Decode(Gpt2.Value.Encode(text)));

    [Fact]
    public void Decode_skips_end_of_text_and_rejects_unknown_ids()
    {
        var t = Gpt2.Value;
        Assert.Equal("Hello world", t.Decode([15496, 995, 50256]));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Decode([50257]));
        Assert.Contains("gpt2", t.Description);
    }

    [Fact]
    public void FromFiles_fails_clearly()
    {
        Assert.Throws<FileNotFoundException>(() => Gpt2Tokenizer.FromFiles("/nonexistent/vocab.json", "/nonexistent/merges.txt"));
        var dir = Directory.CreateTempSubdirectory("dotgym-gpt2-");
        try
        {
            string vocab = Path.Combine(dir.FullName, "vocab.json"), merges = Path.Combine(dir.FullName, "merges.txt");
            File.WriteAllText(vocab, "{\"a\": 0, \"b\": 1}");
            File.WriteAllText(merges, "#version: 0.2\n");
            Assert.Contains("<|endoftext|>", Assert.Throws<ArgumentException>(() => Gpt2Tokenizer.FromFiles(vocab, merges)).Message);
        }
        finally { dir.Delete(recursive: true); }
    }
}
