using DotGym.Rlhf.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>
/// A batch of prompts and the responses generated for them, packed for scoring. Generation needs left padding (every
/// row's newest token in the last column); scoring does not, so each row here is its prompt's real tokens, then its
/// response (through EOS), then pads. Under causal attention a trailing pad never reaches a real token, so the model
/// runs with no attention mask (the fused causal kernel) and only on the columns the longest selected row needs:
/// with prompts of 2 to 8 words and responses of 20 to 64 characters, about half of the left-padded batch was pads.
/// PPO, GRPO and RLOO all score their samples this way.
/// </summary>
internal sealed class ResponseBatch
{
    private readonly Tensor _sequences;     // [B, maxPrompt + n]: prompt, response, pads
    private readonly Tensor _responseTokens; // [B, n] the generated ids (pads after EOS)
    private readonly Tensor _columns;        // [B, n] input column whose logits predict response token j
    private readonly long[] _realLength;     // prompt + response tokens of each row

    /// <param name="promptIds">[B, P] left-padded prompts, as generation took them.</param>
    /// <param name="promptMask">[B, P], 1 for real prompt tokens.</param>
    /// <param name="generated">What generation produced for them.</param>
    /// <param name="padId">The id written in the unused columns (never read by a real token).</param>
    public ResponseBatch(Tensor promptIds, Tensor promptMask, GenerationResult generated, long padId)
    {
        int batch = (int)promptIds.shape[0], promptWidth = (int)promptIds.shape[1];
        int n = (int)generated.Tokens.shape[1];
        ResponseLength = n;
        using var hostPrompts = promptIds.to(ScalarType.Int64).cpu();
        using var hostPromptMask = promptMask.to(ScalarType.Int64).cpu();
        using var hostTokens = generated.Tokens.to(ScalarType.Int64).cpu();
        using var hostMask = generated.Mask.to(ScalarType.Int64).cpu();
        var prompts = hostPrompts.data<long>();
        var promptReal = hostPromptMask.data<long>();
        var tokens = hostTokens.data<long>();
        var real = hostMask.data<long>();

        int width = promptWidth + n;
        var sequences = new long[batch * width];
        var columns = new long[batch * n];
        _realLength = new long[batch];
        for (int r = 0; r < batch; r++)
        {
            int at = r * width, promptLength = 0, responseLength = 0;
            for (int c = 0; c < promptWidth; c++)
                if (promptReal[r * promptWidth + c] != 0) sequences[at + promptLength++] = prompts[r * promptWidth + c];
            if (promptLength == 0) throw new ArgumentException($"Prompt row {r} has no real token.", nameof(promptMask));
            for (int j = 0; j < n; j++)
            {
                sequences[at + promptLength + j] = tokens[r * n + j];
                if (real[r * n + j] != 0) responseLength = j + 1;
                columns[r * n + j] = promptLength - 1 + j;
            }
            for (int c = promptLength + n; c < width; c++) sequences[at + c] = padId;
            _realLength[r] = promptLength + responseLength;
        }
        var device = promptIds.device;
        _sequences = tensor(sequences, [batch, width], device: device);
        _columns = tensor(columns, [batch, n], device: device);
        _responseTokens = generated.Tokens.to(ScalarType.Int64);
        ResponseMask = generated.Mask.to(ScalarType.Float32);
        Count = batch;
    }

    /// <summary>Rows (prompt + response pairs).</summary>
    public int Count { get; }

    /// <summary>Columns of the response tensors: the longest response, <c>n</c>.</summary>
    public long ResponseLength { get; }

    /// <summary>1 on real response tokens (through EOS), 0 on the pads after it, <c>[B, n]</c>.</summary>
    public Tensor ResponseMask { get; }

    /// <summary>
    /// The rows in <paramref name="index"/> (int64, or null for all), cut to the columns their longest row needs.
    /// </summary>
    public ResponseRows Select(Tensor? index)
    {
        long longest = 0;
        if (index is null)
            foreach (var length in _realLength) longest = Math.Max(longest, length);
        else
        {
            using var hostIndex = index.cpu();
            foreach (var row in hostIndex.data<long>()) longest = Math.Max(longest, _realLength[row]);
        }
        // Inputs are the sequence shifted by one: column c predicts token c + 1, so the last real token needs no input.
        long width = Math.Max(1, longest - 1);
        var sequences = index is null ? _sequences : _sequences.index_select(0, index);
        var columns = index is null ? _columns : _columns.index_select(0, index);
        return new ResponseRows(
            sequences.narrow(1, 0, width),
            // Columns of pads after a short row's EOS may lie past the cut; any finite logit serves, the mask drops it.
            columns.clamp_max(width - 1),
            index is null ? _responseTokens : _responseTokens.index_select(0, index),
            index is null ? ResponseMask : ResponseMask.index_select(0, index));
    }

    /// <summary>
    /// Scores every row in chunks of rows of similar length (each chunk cut to its own longest row, so a few long
    /// responses do not widen the whole batch) and reassembles the results in row order. <paramref name="score"/>
    /// returns tensors whose first axis is the chunk's rows.
    /// </summary>
    public Tensor[] ScoreInChunks(int chunkSize, Func<ResponseRows, Tensor[]> score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var order = Enumerable.Range(0, Count).OrderBy(r => _realLength[r]).Select(r => (long)r).ToArray();
        Tensor[]? results = null;
        for (int start = 0; start < Count; start += chunkSize)
        {
            using var scope = NewDisposeScope();
            using var index = tensor(order.AsSpan(start, Math.Min(chunkSize, Count - start)).ToArray(), device: _sequences.device);
            var parts = score(Select(index));
            results ??= parts.Select(p => zeros([Count, .. p.shape.Skip(1)], p.dtype, p.device).MoveToOuterDisposeScope()).ToArray();
            for (int i = 0; i < parts.Length; i++) results[i].index_copy_(0, index, parts[i]);
        }
        return results!;
    }

    /// <summary>
    /// Log-probabilities <c>[rows, n]</c> of each row's response tokens under <paramref name="model"/> at
    /// <paramref name="temperature"/> (the distribution generation samples from with the same temperature).
    /// </summary>
    public static Tensor ResponseLogProbs(Gpt model, ResponseRows rows, double temperature)
    {
        using var scope = NewDisposeScope();
        var logits = rows.AtResponses(model.Forward(rows.Inputs, null));
        if (temperature != 1.0) logits = logits / temperature;
        return Gpt.TokenLogProbs(logits, rows.Tokens).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Some rows of a <see cref="ResponseBatch"/>: <see cref="Inputs"/> <c>[rows, w]</c> to run the model on (no mask
/// needed: pads only trail), and where in its output each response token's prediction sits.
/// </summary>
internal sealed record ResponseRows(Tensor Inputs, Tensor Columns, Tensor Tokens, Tensor Mask)
{
    /// <summary>
    /// The response positions of a per-column model output: <c>[rows, w]</c> gives <c>[rows, n]</c>,
    /// <c>[rows, w, V]</c> gives <c>[rows, n, V]</c>.
    /// </summary>
    public Tensor AtResponses(Tensor perColumn)
    {
        if (perColumn.dim() == 2) return perColumn.gather(1, Columns);
        var index = Columns.unsqueeze(-1).expand(Columns.shape[0], Columns.shape[1], perColumn.shape[2]);
        return perColumn.gather(1, index);
    }
}
