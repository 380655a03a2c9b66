using DotGym.Rlhf.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf;

/// <summary>
/// A scalar head on a GPT's final hidden states: hidden [B, T, C] → values [B, T]. PPO's critic reads it per token; a
/// reward model reads it at each sequence's last real token (<see cref="AtLastToken"/>).
/// </summary>
public sealed class ValueHead : nn.Module<Tensor, Tensor>
{
    private readonly GptLinear summary;

    /// <summary>A C → 1 linear layer, weight from normal(0, 0.02) drawn from <paramref name="generator"/>, bias 0.</summary>
    public ValueHead(int embeddingDim, Generator generator) : base(nameof(ValueHead))
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
        summary = new GptLinear(embeddingDim, 1, hasBias: true, GptInit.Std, generator);
        RegisterComponents();
    }

    /// <summary>Values [B, T] for hidden states [B, T, C].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var values = summary.forward(hidden);
        return values.squeeze(-1);
    }

    /// <summary>
    /// Each row's value at its last real token: values [B, T] and a mask [B, T] (1 = real; left or right padding both
    /// work) give [B]. With no mask, the last column.
    /// </summary>
    public static Tensor AtLastToken(Tensor values, Tensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (attentionMask is null) return values.select(1, values.shape[1] - 1);
        using var scope = torch.NewDisposeScope();
        // The index of the last real slot: the largest slot index whose mask is 1.
        var slots = torch.arange(0, values.shape[1], ScalarType.Int64, values.device).unsqueeze(0);
        var last = (slots * attentionMask.ne(0).to(ScalarType.Int64)).amax([1], keepdim: true);
        return values.gather(1, last).squeeze(1).MoveToOuterDisposeScope();
    }
}
