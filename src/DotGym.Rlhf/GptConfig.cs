using System.Text.Json;
using System.Text.Json.Serialization;

namespace DotGym.Rlhf;

/// <summary>
/// Shape of a GPT-2-style decoder. JSON names follow GPT-2's own config (<c>n_layer</c>, <c>n_head</c>, <c>n_embd</c>)
/// so a reader who knows GPT-2 recognises them.
/// </summary>
public sealed record GptConfig
{
    /// <summary>Number of token ids the model knows (rows of the token embedding).</summary>
    [JsonPropertyName("vocab_size")] public required int VocabSize { get; init; }

    /// <summary>Longest sequence (prompt plus generated tokens) the model can attend over; rows of the position embedding.</summary>
    [JsonPropertyName("context_length")] public required int ContextLength { get; init; }

    /// <summary>Number of transformer blocks.</summary>
    [JsonPropertyName("n_layer")] public required int Layers { get; init; }

    /// <summary>Attention heads per block; must divide <see cref="EmbeddingDim"/>.</summary>
    [JsonPropertyName("n_head")] public required int Heads { get; init; }

    /// <summary>Width of the residual stream.</summary>
    [JsonPropertyName("n_embd")] public required int EmbeddingDim { get; init; }

    /// <summary>Dropout probability on embeddings, attention weights and residual branches while training; 0 disables.</summary>
    [JsonPropertyName("dropout")] public double Dropout { get; init; }

    /// <summary>Whether the LM head reuses the token embedding matrix (GPT-2 does); otherwise a separate, bias-free head.</summary>
    [JsonPropertyName("tie_weights")] public bool TieWeights { get; init; } = true;

    /// <summary>Width of one attention head.</summary>
    [JsonIgnore] public int HeadDim => EmbeddingDim / Heads;

    /// <summary>GPT-2 small (124M): 50257 tokens, 1024 context, 12 layers, 12 heads, 768 wide.</summary>
    public static GptConfig Gpt2Small => new() { VocabSize = 50257, ContextLength = 1024, Layers = 12, Heads = 12, EmbeddingDim = 768 };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field and why it is bad.</summary>
    public GptConfig Validate()
    {
        Require(VocabSize >= 1, $"vocab_size must be at least 1, got {VocabSize}.");
        Require(ContextLength >= 1, $"context_length must be at least 1, got {ContextLength}.");
        Require(Layers >= 1, $"n_layer must be at least 1, got {Layers}.");
        Require(Heads >= 1, $"n_head must be at least 1, got {Heads}.");
        Require(EmbeddingDim >= 1, $"n_embd must be at least 1, got {EmbeddingDim}.");
        Require(EmbeddingDim % Heads == 0, $"n_embd ({EmbeddingDim}) must be divisible by n_head ({Heads}) so every head has the same width.");
        Require(double.IsFinite(Dropout) && Dropout >= 0 && Dropout < 1, $"dropout must be in [0, 1), got {Dropout}.");
        return this;
    }

    /// <summary>Indented JSON with GPT-2's field names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates; unknown or missing fields are errors so a typo cannot silently give a default.</summary>
    public static GptConfig FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        GptConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<GptConfig>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Invalid GPT config JSON: {e.Message}", nameof(json), e);
        }
        return (config ?? throw new ArgumentException("GPT config JSON is 'null'.", nameof(json))).Validate();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException("Invalid GPT config: " + message);
    }
}
