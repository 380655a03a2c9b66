using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Samples completions of prompts from a model, in batches, and decodes them.</summary>
public static class Sampler
{
    /// <summary>The response texts (without EOS) and whether each ended with EOS.</summary>
    public static (string[] Texts, bool[] EndedWithEos) Sample(Gpt model, TextCodec codec, IReadOnlyList<string> prompts, int maxNewTokens,
        double temperature, Generator? generator, int batchSize = 64)
    {
        var (texts, eos, _) = SampleCore(model, null, codec, prompts, maxNewTokens, temperature, generator, batchSize);
        return (texts, eos);
    }

    /// <summary>
    /// Samples like <see cref="Sample"/> and measures each completion's KL to <paramref name="reference"/>: the sum over
    /// its tokens of <c>log π − log π_ref</c> (at <paramref name="temperature"/>), the per-sequence KL that PPO's penalty
    /// and its controller's target are stated in. Sample from the full distribution (no top-k) for a real KL.
    /// </summary>
    public static (string[] Texts, bool[] EndedWithEos, double[] Kl) SampleWithKl(Gpt model, Gpt reference, TextCodec codec,
        IReadOnlyList<string> prompts, int maxNewTokens, double temperature, Generator? generator, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (texts, eos, kl) = SampleCore(model, reference, codec, prompts, maxNewTokens, temperature, generator, batchSize);
        return (texts, eos, kl!);
    }

    private static (string[] Texts, bool[] EndedWithEos, double[]? Kl) SampleCore(Gpt model, Gpt? reference, TextCodec codec,
        IReadOnlyList<string> prompts, int maxNewTokens, double temperature, Generator? generator, int batchSize)
    {
        var texts = new string[prompts.Count];
        var eos = new bool[prompts.Count];
        var kl = reference is null ? null : new double[prompts.Count];
        for (int start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var chunk = prompts.Skip(start).Take(batchSize).ToList();
            var (ids, mask) = codec.PromptBatch(chunk, model.Device);
            int room = Math.Min(maxNewTokens, codec.ContextLength - (int)ids.shape[1]);
            using var result = model.Generate(ids, mask, room, temperature, eosId: codec.Tokenizer.EosId, generator: generator, padId: codec.Tokenizer.PadId);
            for (int r = 0; r < chunk.Count; r++)
            {
                var row = result.TokensOf(r);
                texts[start + r] = codec.Response(row);
                eos[start + r] = row.Length > 0 && row[^1] == codec.Tokenizer.EosId;
            }
            if (kl is null) continue;
            using (no_grad())
            {
                // The sampled tokens' log-probs under the policy come with the samples; the reference scores the same tokens.
                var rows = new ResponseBatch(ids, mask, result, codec.Tokenizer.PadId).Select(null);
                var refLogProbs = ResponseBatch.ResponseLogProbs(reference!, rows, temperature);
                var perSequence = ((result.LogProbs - refLogProbs) * rows.Mask).sum(1).to(ScalarType.Float64).cpu().data<double>().ToArray();
                perSequence.CopyTo(kl, start);
            }
        }
        return (texts, eos, kl);
    }
}
