using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf;

/// <summary>
/// A policy and critic sharing one GPT trunk (the usual RLHF PPO setup): one forward pass gives the LM logits and a
/// value per token. State names: <c>transformer.*</c> (the GPT) and <c>v_head.*</c>.
/// </summary>
public sealed class GptWithValueHead : nn.Module<Tensor, Tensor>
{
    private readonly Gpt transformer;
    private readonly ValueHead v_head;

    /// <summary>Wraps <paramref name="model"/> (owned from now on) with a new value head drawn from <paramref name="generator"/>.</summary>
    public GptWithValueHead(Gpt model, Generator generator) : base(nameof(GptWithValueHead))
    {
        ArgumentNullException.ThrowIfNull(model);
        transformer = model;
        v_head = new ValueHead(model.Config.EmbeddingDim, generator);
        RegisterComponents();
    }

    /// <summary>The language model.</summary>
    public Gpt Model => transformer;

    /// <summary>The value head.</summary>
    public ValueHead Head => v_head;

    /// <summary>Logits [B, T, V]; use <see cref="Forward"/> for the values too.</summary>
    public override Tensor forward(Tensor inputIds) => transformer.Forward(inputIds, null);

    /// <summary>Logits [B, T, V] and values [B, T] from one trunk pass.</summary>
    public (Tensor Logits, Tensor Values) Forward(Tensor inputIds, Tensor? attentionMask)
    {
        using var hidden = transformer.HiddenStates(inputIds, attentionMask);
        return (transformer.Logits(hidden), v_head.forward(hidden));
    }
}
