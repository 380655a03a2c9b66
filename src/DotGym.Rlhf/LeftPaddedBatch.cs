using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf;

/// <summary>Builds the left-padded [B, T] id and mask tensors that <see cref="Gpt"/> takes from token-id arrays.</summary>
public static class LeftPaddedBatch
{
    /// <summary>
    /// Right-aligns every sequence (pads first, so the last column is each row's newest token, which is what generation
    /// continues from) and returns ids (int64) and mask (int64, 1 = real).
    /// </summary>
    public static (Tensor Ids, Tensor Mask) From(IReadOnlyList<IReadOnlyList<long>> sequences, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("Need at least one sequence.", nameof(sequences));
        int width = sequences.Max(s => s.Count);
        if (sequences.Any(s => s.Count == 0)) throw new ArgumentException("Every sequence needs at least one token.", nameof(sequences));
        var ids = new long[sequences.Count * width];
        var mask = new long[ids.Length];
        for (int row = 0; row < sequences.Count; row++)
        {
            int pad = width - sequences[row].Count;
            for (int col = 0; col < width; col++)
            {
                int at = row * width + col;
                bool real = col >= pad;
                ids[at] = real ? sequences[row][col - pad] : padId;
                mask[at] = real ? 1 : 0;
            }
        }
        return (torch.tensor(ids, [sequences.Count, width], device: device), torch.tensor(mask, [sequences.Count, width], device: device));
    }

    /// <summary>The same for int token ids.</summary>
    public static (Tensor Ids, Tensor Mask) From(IReadOnlyList<int[]> sequences, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return From(sequences.Select(s => (IReadOnlyList<long>)s.Select(t => (long)t).ToArray()).ToList(), padId, device);
    }
}
