using static TorchSharp.torch;

namespace DotGym.Rlhf.Generation;

/// <summary>
/// What <see cref="Gpt.Generate"/> produced for a batch: N generated tokens per row (N ≤ maxNewTokens: generation stops
/// early once every row has emitted EOS), their log-probabilities, and which of them are real.
/// </summary>
public sealed class GenerationResult(Tensor tokens, Tensor logProbs, Tensor mask) : IDisposable
{
    /// <summary>[B, N] int64: the generated ids; after a row's EOS, the pad id.</summary>
    public Tensor Tokens { get; } = tokens;

    /// <summary>[B, N] float32: each token's log-probability under the distribution it was sampled from; 0 on pads.</summary>
    public Tensor LogProbs { get; } = logProbs;

    /// <summary>[B, N] int64: 1 for tokens up to and including a row's first EOS, 0 for the pads after it.</summary>
    public Tensor Mask { get; } = mask;

    /// <summary>Row <paramref name="row"/>'s real tokens (through EOS), as a host array.</summary>
    public long[] TokensOf(int row)
    {
        using var ids = Tokens[row];
        using var keep = Mask[row];
        long count = keep.sum().item<long>();
        return ids.data<long>().Take((int)count).ToArray();
    }

    /// <summary>Disposes the three tensors.</summary>
    public void Dispose()
    {
        Tokens.Dispose();
        LogProbs.Dispose();
        Mask.Dispose();
    }
}
