using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>
/// Positions and attention masks for left-padded batches. A padded row's real tokens must see exactly what they would
/// see unpadded: the same position ids and no pad keys.
/// </summary>
internal static class AttentionMasks
{
    /// <summary>Position id of every slot: the count of real tokens before it (cumsum − 1), pads clamped to 0.</summary>
    public static Tensor Positions(Tensor keyValid) => (keyValid.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0);

    /// <summary>
    /// Boolean mask [B, 1, Tq, Tk] (true = may attend) for queries in slots <paramref name="queryStart"/>.. over keys in
    /// slots 0..Tk−1: causal and not a pad. Every query may also attend to itself, so a pad query's row is never
    /// all-false: softmax over nothing is NaN, and a NaN in a pad slot would poison any sum over the batch (a loss, a
    /// gradient) even though no real token reads it.
    /// </summary>
    public static Tensor Build(Tensor keyValid, long queryStart, long queryCount)
    {
        long keyCount = keyValid.shape[1];
        var device = keyValid.device;
        using var queries = torch.arange(queryStart, queryStart + queryCount, ScalarType.Int64, device).view(queryCount, 1);
        using var keys = torch.arange(0, keyCount, ScalarType.Int64, device).view(1, keyCount);
        using var causal = keys.le(queries);
        using var self = keys.eq(queries);
        using var valid = keyValid.to(ScalarType.Bool).view(keyValid.shape[0], 1, 1, keyCount);
        using var allowed = causal.unsqueeze(0).unsqueeze(0).logical_and(valid);
        return allowed.logical_or(self.unsqueeze(0).unsqueeze(0));
    }
}
