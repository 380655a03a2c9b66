using DotGym.Text.Tokenization;

namespace DotGym.Text.Tests.Tokenization;

public class CharTokenizerTests
{
    [Fact]
    public void Round_trips_and_numbers_specials_first()
    {
        var t = CharTokenizer.FromCorpus(["hello world", "bye"]);
        Assert.Equal((0, 1, 2), (t.PadId, t.BosId, t.EosId));
        Assert.Equal(" bdehlorwy", t.Alphabet);
        Assert.Equal(3 + 10, t.VocabSize);
        var ids = t.Encode("hello");
        Assert.All(ids, id => Assert.InRange(id, 3, t.VocabSize - 1));
        Assert.Equal("hello", t.Decode(ids));
        Assert.Equal("he", t.Decode([t.BosId, ids[0], ids[1], t.EosId, t.PadId]));
    }

    [Fact]
    public void Corpus_order_does_not_change_ids()
    {
        Assert.Equal(CharTokenizer.FromCorpus(["ab", "c"]).Description, CharTokenizer.FromCorpus(["c", "ba"]).Description);
        Assert.NotEqual(new CharTokenizer("ab").Description, new CharTokenizer("ba").Description);
    }

    [Fact]
    public void Bad_inputs_fail_clearly()
    {
        var t = new CharTokenizer("ab");
        var unknown = Assert.Throws<ArgumentException>(() => t.Encode("abc"));
        Assert.Contains("'c'", unknown.Message);
        Assert.Contains("position 2", unknown.Message);
        var badId = Assert.Throws<ArgumentOutOfRangeException>(() => t.Decode([3, 99]));
        Assert.Contains("99", badId.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Decode([-1]));
        Assert.Contains("empty vocabulary", Assert.Throws<ArgumentException>(() => new CharTokenizer("")).Message);
        Assert.Contains("empty vocabulary", Assert.Throws<ArgumentException>(() => CharTokenizer.FromCorpus(["", ""])).Message);
        Assert.Contains("repeats", Assert.Throws<ArgumentException>(() => new CharTokenizer("aba")).Message);
    }

    [Fact]
    public void Saves_and_loads_through_a_temporary_file()
    {
        var dir = Directory.CreateTempSubdirectory("dotgym-char-");
        try
        {
            var path = Path.Combine(dir.FullName, "tok.json");
            var t = new CharTokenizer("xyz +");
            t.Save(path);
            t.Save(path); // overwriting is fine
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temporary file left behind
            var loaded = CharTokenizer.Load(path);
            Assert.Equal(t.Alphabet, loaded.Alphabet);
            Assert.Equal(t.Description, loaded.Description);
            File.WriteAllText(path, "{\"type\":\"something-else\",\"version\":1}");
            Assert.Contains("not a valid tokenizer file", Assert.Throws<ArgumentException>(() => CharTokenizer.Load(path)).Message);
            File.WriteAllText(path, "not json");
            Assert.Throws<ArgumentException>(() => CharTokenizer.Load(path));
            Assert.Throws<FileNotFoundException>(() => CharTokenizer.Load(Path.Combine(dir.FullName, "missing.json")));
        }
        finally { dir.Delete(recursive: true); }
    }
}
