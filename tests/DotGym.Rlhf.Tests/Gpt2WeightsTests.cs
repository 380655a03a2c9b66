using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.SafeTensors;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class Gpt2WeightsTests
{
    private static IEnumerable<string> Gpt2Names(int layers)
    {
        yield return "wte.weight";
        yield return "wpe.weight";
        for (int i = 0; i < layers; i++)
            foreach (string part in new[] { "ln_1", "attn.c_attn", "attn.c_proj", "ln_2", "mlp.c_fc", "mlp.c_proj" })
            {
                yield return $"h.{i}.{part}.weight";
                yield return $"h.{i}.{part}.bias";
            }
        yield return "ln_f.weight";
        yield return "ln_f.bias";
    }

    [Fact]
    public void ExportUsesGpt2NamesAndConv1DLayout()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        var exported = Gpt2Weights.Export(model);
        Assert.Equal(Gpt2Names(2).Order(), exported.Keys.Order());
        Assert.Equal(new long[] { 32, 96 }, exported["h.0.attn.c_attn.weight"].shape);   // [in, out]
        Assert.Equal(new long[] { 32, 128 }, exported["h.1.mlp.c_fc.weight"].shape);
        Assert.Equal(new long[] { 128, 32 }, exported["h.1.mlp.c_proj.weight"].shape);
        Assert.Equal(new long[] { 96 }, exported["h.0.attn.c_attn.bias"].shape);
        Assert.Equal(new long[] { 50, 32 }, exported["wte.weight"].shape);
        // Transposed, not reshaped: element [i, o] of Conv1D is element [o, i] of the Linear.
        using var linear = model.state_dict()["h.0.attn.c_attn.weight"].detach();
        Assert.Equal(linear[5, 3].item<float>(), exported["h.0.attn.c_attn.weight"][3, 5].item<float>());
        foreach (var t in exported.Values) t.Dispose();
    }

    [Fact]
    public void TheModelComputesWhatGpt2ComputesFromTheseWeights()
    {
        var config = new GptConfig { VocabSize = 20, ContextLength = 8, Layers = 2, Heads = 2, EmbeddingDim = 8 };
        using var model = Gpt.Create(config, seed: 1);
        // Perturb every parameter so biases and LayerNorm gains are not their trivial 0 and 1.
        using (no_grad())
        using (var generator = new TorchSharp.torch.Generator(9))
            foreach (var p in model.parameters())
                using (var noise = empty_like(p).normal_(0, 0.3, generator)) p.add_(noise);
        var exported = Gpt2Weights.Export(model);
        var weights = exported.ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
        int[] ids = [3, 17, 0, 5, 5, 12, 19];
        var expected = Gpt2ReferenceForward.Logits(weights, config.Layers, config.Heads, config.EmbeddingDim, config.VocabSize, ids);
        using var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
        using var logits = model.Forward(input, null);
        var actual = logits.data<float>().ToArray();
        double worst = 0;
        for (int t = 0; t < ids.Length; t++)
            for (int v = 0; v < config.VocabSize; v++)
                worst = Math.Max(worst, Math.Abs(actual[t * config.VocabSize + v] - expected[t, v]));
        Assert.True(worst < 1e-4, $"largest logit difference from the reference GPT-2 forward: {worst}");
        foreach (var t in exported.Values) t.Dispose();
    }

    [Fact]
    public void ExportToSafeTensorsAndLoadIntoAFreshModelGivesIdenticalLogits()
    {
        using var dir = new TempDirectory();
        string path = dir.File("gpt2.safetensors");
        using var source = Gpt.Create(TestModels.Tiny(), seed: 1);
        Gpt2Weights.SaveSafeTensors(source, path);
        Assert.Equal("pt", SafeTensorsReader.Read(path).Metadata["format"]);

        using var fresh = Gpt.Create(TestModels.Tiny(), seed: 2);
        using var ids = TestModels.RandomIds(2, 12, 50, seed: 3);
        using var before = fresh.Forward(ids, null);
        using var expected = source.Forward(ids, null);
        Assert.True(TestModels.MaxAbsDiff(before, expected) > 1e-3f);
        Gpt2Weights.LoadSafeTensors(fresh, path);
        using var after = fresh.Forward(ids, null);
        Assert.Equal(0f, TestModels.MaxAbsDiff(after, expected));
    }

    [Fact]
    public void HuggingFaceStyleStateDictsLoad()
    {
        // GPT2LMHeadModel's naming: a transformer. prefix, the causal-mask buffers, and a tied lm_head copy.
        using var source = Gpt.Create(TestModels.Tiny(), seed: 1);
        var exported = Gpt2Weights.Export(source);
        var hf = exported.ToDictionary(kv => "transformer." + kv.Key, kv => kv.Value);
        hf["transformer.h.0.attn.bias"] = ones(1, 1, 32, 32);
        hf["transformer.h.1.attn.masked_bias"] = tensor(-1e4f);
        hf["lm_head.weight"] = exported["wte.weight"];

        using var fresh = Gpt.Create(TestModels.Tiny(), seed: 2);
        Gpt2Weights.Load(fresh, hf);
        using var ids = TestModels.RandomIds(1, 6, 50, seed: 4);
        using var a = source.Forward(ids, null);
        using var b = fresh.Forward(ids, null);
        Assert.Equal(0f, TestModels.MaxAbsDiff(a, b));
    }

    [Fact]
    public void ShapeMismatchNamesTheTensorAndBothShapes()
    {
        using var wide = Gpt.Create(TestModels.Tiny() with { EmbeddingDim = 48 }, seed: 1);
        var exported = Gpt2Weights.Export(wide);
        using var model = Gpt.Create(TestModels.Tiny(), seed: 2);
        using var before = model.state_dict()["wte.weight"].clone();
        var e = Assert.Throws<InvalidDataException>(() => Gpt2Weights.Load(model, exported));
        Assert.Contains("'wte.weight' has shape [50, 48], but the model expects [50, 32]", e.Message);
        Assert.Contains("n_embd 32", e.Message);
        Assert.True(TestModels.Identical(model.state_dict()["wte.weight"], before), "a rejected checkpoint changes nothing");

        var oneBad = Gpt2Weights.Export(model);
        oneBad["h.1.mlp.c_fc.weight"] = zeros(128, 32); // Linear layout where Conv1D's is expected
        e = Assert.Throws<InvalidDataException>(() => Gpt2Weights.Load(model, oneBad));
        Assert.Contains("'h.1.mlp.c_fc.weight' has shape [128, 32], but the model expects [32, 128]", e.Message);
    }

    [Fact]
    public void MissingAndUnexpectedTensorsAreNamed()
    {
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        var missing = Gpt2Weights.Export(model);
        missing.Remove("h.1.ln_2.bias");
        Assert.Contains("h.1.ln_2.bias", Assert.Throws<InvalidDataException>(() => Gpt2Weights.Load(model, missing)).Message);

        var extra = Gpt2Weights.Export(model);
        extra["h.2.ln_1.weight"] = ones(32); // a checkpoint with more layers than the config
        Assert.Contains("h.2.ln_1.weight", Assert.Throws<InvalidDataException>(() => Gpt2Weights.Load(model, extra)).Message);
    }

    [Fact]
    public void HalfPrecisionGpt2FilesLoad()
    {
        using var dir = new TempDirectory();
        string path = dir.File("gpt2-f16.safetensors");
        using var source = Gpt.Create(TestModels.Tiny(), seed: 1);
        var entries = Gpt2Weights.Export(source).Select(kv =>
        {
            var halves = kv.Value.data<float>().ToArray().Select(f => (Half)f).ToArray();
            return new SafeTensorEntry(kv.Key, SafeTensorDType.F16, kv.Value.shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
        }).ToList();
        SafeTensorsWriter.Write(path, entries);
        using var fresh = Gpt.Create(TestModels.Tiny(), seed: 2);
        Gpt2Weights.LoadSafeTensors(fresh, path);
        using var ids = TestModels.RandomIds(1, 6, 50, seed: 4);
        using var a = source.Forward(ids, null);
        using var b = fresh.Forward(ids, null);
        Assert.True(TestModels.MaxAbsDiff(a, b) < 1e-2f);
    }
}
