using System.Text;
using static TorchSharp.torch;

namespace DotGym.Rlhf.RewardModels;

/// <summary>
/// A bag of word unigrams and bigrams hashed into <see cref="Dimensions"/> buckets (the hashing trick), each bucket
/// holding <c>log(1 + count)</c>. Words after a "but" are marked, so a linear model can weigh the clause that carries
/// the verdict ("the plot was slow but the acting was great"), and one bucket names the text's length in words (up to
/// 24), since raters (and the hidden rule) care about length and a bag of words cannot see it. The hash is FNV-1a over UTF-8, stable across processes
/// and machines (unlike <c>string.GetHashCode</c>), so a saved model scores the same text the same way everywhere.
/// </summary>
public sealed class HashedNgramFeatures
{
    /// <param name="dimensions">Hash buckets (a power of two is not required).</param>
    public HashedNgramFeatures(int dimensions = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        Dimensions = dimensions;
    }

    public int Dimensions { get; }

    /// <summary>Names this feature map in saved models, so a model trained on other features is refused.</summary>
    public const string Version = "hashed-word-1-2-grams-but-length-v2";

    private const int MaxLengthBucket = 24;

    /// <summary>The features of <paramref name="texts"/> as a float32 tensor <c>[texts, Dimensions]</c> on <paramref name="device"/>.</summary>
    public Tensor Encode(IReadOnlyList<string> texts, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var rows = new float[texts.Count * Dimensions];
        for (int r = 0; r < texts.Count; r++) Write(texts[r], rows.AsSpan(r * Dimensions, Dimensions));
        return tensor(rows, [texts.Count, Dimensions], device: device ?? CPU);
    }

    private void Write(string text, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool afterBut = false;
        string previous = "<s>";
        foreach (var raw in words)
        {
            string word = afterBut ? "but:" + raw : raw;
            row[Bucket(word)] += 1;
            row[Bucket(previous + " " + word)] += 1;
            previous = word;
            if (raw == "but") afterBut = true;
        }
        row[Bucket(previous + " </s>")] += 1;
        row[Bucket("<length " + Math.Min(words.Length, MaxLengthBucket) + ">")] += 1;
        for (int k = 0; k < row.Length; k++) if (row[k] != 0) row[k] = MathF.Log(1 + row[k]);
    }

    private int Bucket(string feature)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(feature)) hash = (hash ^ b) * 16777619;
        return (int)(hash % (uint)Dimensions);
    }
}
