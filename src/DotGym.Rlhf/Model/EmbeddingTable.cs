using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>A lookup table [count, dim] (state name <c>weight</c>, as GPT-2's <c>wte</c>/<c>wpe</c>), initialised from an explicit generator.</summary>
internal sealed class EmbeddingTable : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public EmbeddingTable(long count, long dim, double std, Generator generator) : base(nameof(EmbeddingTable))
    {
        weight = new Parameter(torch.empty(count, dim));
        // Tensor.normal_ honours the generator; nn.init.normal_ in TorchSharp 0.107 ignores it and draws from the global RNG.
        using (torch.no_grad()) weight.normal_(0, std, generator);
        RegisterComponents();
    }

    public Parameter Weight => weight;

    /// <summary>Rows for integer ids of any shape: result shape is ids.shape + [dim].</summary>
    public override Tensor forward(Tensor ids)
    {
        long[] shape = [.. ids.shape, weight.shape[1]];
        return weight.index_select(0, ids.reshape(-1)).view(shape);
    }
}
