using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

/// <summary>Small configs and helpers shared by the tests.</summary>
internal static class TestModels
{
    /// <summary>2 layers, 4 heads, 32 wide: big enough to exercise every path, small enough to run in milliseconds.</summary>
    public static GptConfig Tiny(bool tie = true) => new()
    {
        VocabSize = 50, ContextLength = 32, Layers = 2, Heads = 4, EmbeddingDim = 32, TieWeights = tie,
    };

    /// <summary>Random ids [batch, time] in [0, vocab) from a seeded generator.</summary>
    public static Tensor RandomIds(long batch, long time, int vocab, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return randint(0, vocab, [batch, time], ScalarType.Int64, generator: generator);
    }

    public static float MaxAbsDiff(Tensor a, Tensor b)
    {
        using var diff = (a - b).abs().max();
        return diff.item<float>();
    }

    /// <summary>Same shape, dtype and every element equal.</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var same = a.eq(b).all();
        return same.item<bool>();
    }

    /// <summary>Left-pads int sequences with 0.</summary>
    public static (Tensor Ids, Tensor Mask) LeftPad(params long[][] sequences) =>
        LeftPaddedBatch.From(sequences.Select(s => (IReadOnlyList<long>)s).ToList(), padId: 0);
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dotgym-rlhf-" + Guid.NewGuid().ToString("N"))).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
