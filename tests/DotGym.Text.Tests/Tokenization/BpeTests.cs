using DotGym.Text.Data;
using DotGym.Text.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DotGym.Text.Tests.Tokenization;

public class BpeTests
{
    private static readonly Lazy<ByteBpeTokenizer> Trained =
        new(() => BpeTrainer.Train(ReviewCorpus.Generate(300, seed: 1).Select(r => r.Text), vocabSize: 400));

    [Fact]
    public void Training_reaches_the_vocab_size_and_compresses()
    {
        var t = Trained.Value;
        Assert.Equal(400, t.VocabSize);
        Assert.Equal((397, 398, 399), (t.PadId, t.BosId, t.EosId));
        const string text = "the acting was wonderful and the plot moved fast";
        var ids = t.Encode(text);
        Assert.True(ids.Length < text.Length / 3, $"{ids.Length} tokens for {text.Length} characters");
        Assert.Equal(text, t.Decode(ids));
    }

    [Fact]
    public void Training_is_deterministic_with_ordered_ties()
    {
        var corpus = ReviewCorpus.Generate(100, seed: 2).Select(r => r.Text).ToList();
        var a = BpeTrainer.Train(corpus, 300);
        var b = BpeTrainer.Train(corpus.AsEnumerable().Reverse(), 300);
        Assert.Equal(a.Merges, b.Merges);
        Assert.Equal(a.Description, b.Description);
        // "ab ab": pairs (a,b)=2, (' ',a)=1 ... ; "cd cd" ties with it: the smaller pair (97, 98) wins.
        var tie = BpeTrainer.Train(["cd ab", "ab cd"], 260);
        Assert.Equal(((int)'a', (int)'b'), tie.Merges[0]);
    }

    [Fact]
    public void Stops_when_no_pair_is_frequent_enough()
    {
        var t = BpeTrainer.Train(["abc"], 1000);
        Assert.Empty(t.Merges);
        Assert.Equal(BpeTrainer.MinVocabSize, t.VocabSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(["abc"], 100));
    }

    [Property(MaxTest = 200)]
    public Property Round_trips_any_well_formed_string(NonNull<string> s)
    {
        string text = s.Get;
        bool wellFormed = System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
        return (Trained.Value.Decode(Trained.Value.Encode(text)) == text).When(wellFormed);
    }

    [Fact]
    public void Round_trips_unicode_and_rejects_lone_surrogates()
    {
        var t = Trained.Value;
        foreach (var text in new[] { "", "héllo wörld", "日本語 🎉 the", "  spaces\tand\nlines  ", "it's 42!" })
            Assert.Equal(text, t.Decode(t.Encode(text)));
        Assert.Contains("lone surrogate", Assert.Throws<ArgumentException>(() => t.Encode("a\uD800b")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Decode([400]));
    }

    [Fact]
    public void Saves_loads_and_exports_to_gpt2_files_that_ml_tokenizers_reads_identically()
    {
        var dir = Directory.CreateTempSubdirectory("dotgym-bpe-");
        try
        {
            var t = Trained.Value;
            var path = Path.Combine(dir.FullName, "bpe.json");
            t.Save(path);
            var loaded = ByteBpeTokenizer.Load(path);
            Assert.Equal(t.Merges, loaded.Merges);
            Assert.Equal(t.Description, loaded.Description);

            string vocab = Path.Combine(dir.FullName, "vocab.json"), merges = Path.Combine(dir.FullName, "merges.txt");
            t.ExportGpt2Files(vocab, merges);
            var ml = Gpt2Tokenizer.FromFiles(vocab, merges, SpecialTokens.Eos, SpecialTokens.Bos, SpecialTokens.Pad);
            Assert.Equal(t.VocabSize, ml.VocabSize);
            Assert.Equal((t.BosId, t.EosId, t.PadId), (ml.BosId, ml.EosId, ml.PadId));
            foreach (var text in ReviewCorpus.Generate(30, seed: 9).Select(r => r.Text).Append("i loved it, 100%! naïve"))
            {
                Assert.Equal(t.Encode(text), ml.Encode(text));
                Assert.Equal(text, ml.Decode(ml.Encode(text)));
            }
        }
        finally { dir.Delete(recursive: true); }
    }
}
