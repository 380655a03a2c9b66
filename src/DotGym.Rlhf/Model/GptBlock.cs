using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>One pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
internal sealed class GptBlock : nn.Module
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly GptMlp mlp;

    public GptBlock(GptConfig config, Generator generator) : base(nameof(GptBlock))
    {
        ln_1 = nn.LayerNorm(config.EmbeddingDim, GptInit.LayerNormEps);
        attn = new CausalSelfAttention(config, generator);
        ln_2 = nn.LayerNorm(config.EmbeddingDim, GptInit.LayerNormEps);
        mlp = new GptMlp(config, generator);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor? mask, KvCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var h = x + attn.Forward(ln_1.forward(x), mask, cache, layer);
        return (h + mlp.forward(ln_2.forward(h))).MoveToOuterDisposeScope();
    }
}
