using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>
/// A linear layer (PyTorch layout: weight [out, in]) initialised from an explicit generator. TorchSharp's
/// <c>nn.Linear</c> draws its own init from the global RNG, which would make model construction disturb every other
/// seeded user of that RNG.
/// </summary>
internal sealed class GptLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public GptLinear(long inFeatures, long outFeatures, bool hasBias, double std, Generator generator) : base(nameof(GptLinear))
    {
        weight = new Parameter(torch.empty(outFeatures, inFeatures));
        // Tensor.normal_ honours the generator; nn.init.normal_ in TorchSharp 0.107 ignores it and draws from the global RNG.
        using (torch.no_grad()) weight.normal_(0, std, generator);
        bias = hasBias ? new Parameter(torch.zeros(outFeatures)) : null;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}
