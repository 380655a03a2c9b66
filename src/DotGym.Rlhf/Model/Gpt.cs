using DotGym.Rlhf.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf;

/// <summary>
/// A GPT-2-style decoder: token + learned position embeddings, pre-LayerNorm blocks of causal multi-head
/// self-attention and a GELU MLP, a final LayerNorm and an LM head tied to the token embedding (unless
/// <see cref="GptConfig.TieWeights"/> is false). Parameter names follow GPT-2 (<c>wte</c>, <c>wpe</c>,
/// <c>h.{i}.attn.c_attn</c>, ..., <c>ln_f</c>), with PyTorch's Linear layout ([out, in]).
/// </summary>
/// <remarks>
/// Batches are left-padded: <c>attentionMask</c> is 1 for real tokens and 0 for pads, and pads come first in a row. Position
/// ids are computed from the mask, so a row's real tokens get exactly the logits they would get unpadded.
/// </remarks>
public sealed partial class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingTable wte;
    private readonly EmbeddingTable wpe;
    private readonly Dropout drop;
    private readonly ModuleList<GptBlock> h;
    private readonly LayerNorm ln_f;
    private readonly GptLinear? lm_head;

    /// <summary>
    /// Builds the model and draws GPT-2's init (normal(0, 0.02), residual projections scaled by 1/√(2·n_layer)) from
    /// <paramref name="generator"/> only; the global RNG is not touched.
    /// </summary>
    public Gpt(GptConfig config, Generator generator) : base(nameof(Gpt))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(generator);
        Config = config.Validate();
        wte = new EmbeddingTable(config.VocabSize, config.EmbeddingDim, GptInit.Std, generator);
        wpe = new EmbeddingTable(config.ContextLength, config.EmbeddingDim, GptInit.Std, generator);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new GptBlock(config, generator)).ToArray());
        ln_f = nn.LayerNorm(config.EmbeddingDim, GptInit.LayerNormEps);
        lm_head = config.TieWeights ? null : new GptLinear(config.EmbeddingDim, config.VocabSize, hasBias: false, GptInit.Std, generator);
        RegisterComponents();
    }

    /// <summary>Builds the model with its init drawn from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public static Gpt Create(GptConfig config, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return new Gpt(config, generator);
    }

    /// <summary>The shape this model was built with.</summary>
    public GptConfig Config { get; }

    /// <summary>Device of the parameters.</summary>
    public Device Device => wte.Weight.device;

    /// <summary>Logits [B, T, V] for token ids [B, T]; with no mask every token is real.</summary>
    public override Tensor forward(Tensor inputIds) => Forward(inputIds, null);

    /// <summary>Logits [B, T, V] for token ids [B, T] and an optional left-padding mask [B, T] (1 = real token).</summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask)
    {
        using var hidden = HiddenStates(inputIds, attentionMask);
        return Logits(hidden);
    }

    /// <summary>The final hidden states [B, T, C] (after <c>ln_f</c>): what the LM head and a value head read.</summary>
    public Tensor HiddenStates(Tensor inputIds, Tensor? attentionMask = null)
    {
        CheckInputs(inputIds, attentionMask);
        using var scope = torch.NewDisposeScope();
        Tensor positions;
        Tensor? mask;
        if (attentionMask is null)
        {
            positions = torch.arange(0, inputIds.shape[1], ScalarType.Int64, inputIds.device).unsqueeze(0);
            mask = null; // plain causal attention: the fused is_casual path
        }
        else
        {
            positions = AttentionMasks.Positions(attentionMask);
            mask = AttentionMasks.Build(attentionMask, 0, inputIds.shape[1]);
        }
        return HiddenCore(inputIds, positions, mask, cache: null).MoveToOuterDisposeScope();
    }

    /// <summary>Applies the LM head to hidden states [.., C], giving logits [.., V].</summary>
    public Tensor Logits(Tensor hidden) =>
        lm_head is null ? nn.functional.linear(hidden, wte.Weight) : lm_head.forward(hidden);

    /// <summary>
    /// Log-probabilities [B, T] of <paramref name="targets"/>[b, t] as the token after inputIds[b, ..t], under
    /// softmax(logits / <paramref name="temperature"/>), the distribution <see cref="Generate"/> samples from with the
    /// same temperature and no top-k/top-p. For a sequence s, pass inputIds = s[:, :-1] and targets = s[:, 1:].
    /// </summary>
    public Tensor LogProbs(Tensor inputIds, Tensor? attentionMask, Tensor targets, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive finite number.");
        if (!targets.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException($"targets has shape [{string.Join(", ", targets.shape)}] but inputIds has [{string.Join(", ", inputIds.shape)}]; they must match.", nameof(targets));
        using var scope = torch.NewDisposeScope();
        var logits = Forward(inputIds, attentionMask);
        if (temperature != 1.0) logits = logits / temperature;
        return TokenLogProbs(logits, targets.to(ScalarType.Int64)).MoveToOuterDisposeScope();
    }

    /// <summary>log softmax(logits)[target] along the last axis, without materialising the whole log-softmax.</summary>
    internal static Tensor TokenLogProbs(Tensor logits, Tensor targets)
    {
        using var picked = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1);
        using var normaliser = logits.logsumexp(-1);
        return picked - normaliser;
    }

    /// <summary>The forward pass proper: embeddings at explicit positions, the blocks (with an optional cache), ln_f.</summary>
    internal Tensor HiddenCore(Tensor inputIds, Tensor positions, Tensor? mask, KvCache? cache)
    {
        using var scope = torch.NewDisposeScope();
        var x = drop.forward(wte.forward(inputIds) + wpe.forward(positions));
        for (int i = 0; i < h.Count; i++) x = h[i].Forward(x, mask, cache, i);
        cache?.Advance(inputIds.shape[1]);
        return ln_f.forward(x).MoveToOuterDisposeScope();
    }

    internal EmbeddingTable TokenEmbedding => wte;

    private void CheckInputs(Tensor inputIds, Tensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.dim() != 2 || !torch.is_integral(inputIds.dtype))
            throw new ArgumentException($"inputIds must be an integer tensor [batch, time]; got {inputIds.dtype} [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        long time = inputIds.shape[1];
        if (time < 1 || time > Config.ContextLength)
            throw new ArgumentException($"Sequence length {time} is outside 1..{Config.ContextLength} (the model's context_length).", nameof(inputIds));
        using var minTensor = inputIds.min();
        using var maxTensor = inputIds.max();
        long min = minTensor.item<long>(), max = maxTensor.item<long>();
        if (min < 0 || max >= Config.VocabSize)
            throw new ArgumentException($"Token ids must be in [0, {Config.VocabSize}); this batch holds ids from {min} to {max}.", nameof(inputIds));
        if (attentionMask is not null && !attentionMask.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException($"attentionMask has shape [{string.Join(", ", attentionMask.shape)}] but inputIds has [{string.Join(", ", inputIds.shape)}]; they must match.", nameof(attentionMask));
    }
}
