using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// PyTorch's <c>nn.init.orthogonal_</c> with an explicit generator (TorchSharp's own version draws from the global
/// RNG, which two agents seeded in parallel would share): QR of a standard-normal matrix, the signs of R's diagonal
/// folded into Q so the result is uniformly distributed, transposed for wide matrices, times <c>gain</c>. Use it to
/// initialise your own <see cref="IPolicyNetwork"/> reproducibly from <see cref="PolicyContext.InitGenerator"/>.
/// </summary>
public static class OrthogonalInit
{
    /// <summary>Fills <paramref name="weight"/> (any shape; rows = its first dimension) with an orthogonal matrix times <paramref name="gain"/>, drawn from <paramref name="generator"/>.</summary>
    public static void Fill(Tensor weight, double gain, Generator generator)
    {
        long rows = weight.shape[0], cols = weight.numel() / rows;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = randn(rows, cols, dtype: ScalarType.Float32, generator: generator);
        if (rows < cols) flat = flat.t();
        var (q, r) = linalg.qr(flat);
        q = q * r.diagonal().sign();
        if (rows < cols) q = q.t();
        weight.copy_(q.reshape(weight.shape).mul(gain));
    }
}
