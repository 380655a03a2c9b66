using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>GPT-2's feed-forward block: C → 4C (<c>c_fc</c>), GELU (tanh approximation, as GPT-2 was trained), 4C → C (<c>c_proj</c>).</summary>
internal sealed class GptMlp : nn.Module<Tensor, Tensor>
{
    private readonly GptLinear c_fc;
    private readonly GptLinear c_proj;
    private readonly Dropout dropout;

    public GptMlp(GptConfig config, Generator generator) : base(nameof(GptMlp))
    {
        c_fc = new GptLinear(config.EmbeddingDim, 4L * config.EmbeddingDim, hasBias: true, GptInit.Std, generator);
        c_proj = new GptLinear(4L * config.EmbeddingDim, config.EmbeddingDim, hasBias: true, GptInit.ResidualStd(config), generator);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = c_fc.forward(x);
        using var activated = nn.functional.gelu(hidden, GELU.Approximate.tanh);
        using var projected = c_proj.forward(activated);
        return dropout.forward(projected);
    }
}
