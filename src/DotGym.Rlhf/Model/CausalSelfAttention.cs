using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>Multi-head causal self-attention with GPT-2's fused q/k/v projection (<c>c_attn</c>) and output projection (<c>c_proj</c>).</summary>
internal sealed class CausalSelfAttention : nn.Module
{
    private readonly GptLinear c_attn;
    private readonly GptLinear c_proj;
    private readonly Dropout resid_dropout;
    private readonly int _heads;
    private readonly double _dropout;

    public CausalSelfAttention(GptConfig config, Generator generator) : base(nameof(CausalSelfAttention))
    {
        _heads = config.Heads;
        _dropout = config.Dropout;
        c_attn = new GptLinear(config.EmbeddingDim, 3L * config.EmbeddingDim, hasBias: true, GptInit.Std, generator);
        c_proj = new GptLinear(config.EmbeddingDim, config.EmbeddingDim, hasBias: true, GptInit.ResidualStd(config), generator);
        resid_dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <param name="x">[B, T, C].</param>
    /// <param name="mask">Boolean [B, 1, T, Tk], or null for plain causal attention over x itself.</param>
    /// <param name="cache">When given, this step's keys/values are appended and attention covers the whole cache.</param>
    /// <param name="layer">This block's index in the cache.</param>
    public Tensor Forward(Tensor x, Tensor? mask, KvCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1], width = x.shape[2];
        var qkv = c_attn.forward(x).split(width, 2);
        var q = Heads(qkv[0], batch, time);
        var k = Heads(qkv[1], batch, time);
        var v = Heads(qkv[2], batch, time);
        if (cache is not null) (k, v) = cache.Append(layer, k, v);
        double p = training ? _dropout : 0.0;
        // The causal flag is spelled is_casual in TorchSharp 0.107; an explicit mask already contains causality.
        var y = nn.functional.scaled_dot_product_attention(q, k, v, mask, p, is_casual: mask is null);
        y = y.transpose(1, 2).contiguous().view(batch, time, width);
        return resid_dropout.forward(c_proj.forward(y)).MoveToOuterDisposeScope();
    }

    private Tensor Heads(Tensor t, long batch, long time) => t.view(batch, time, _heads, -1).transpose(1, 2);
}
