using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>Samples completions of prompts from a model, in batches, and decodes them.</summary>
public static class Sampler
{
    /// <summary>The response texts (without EOS) and whether each ended with EOS.</summary>
    public static (string[] Texts, bool[] EndedWithEos) Sample(Gpt model, TextCodec codec, IReadOnlyList<string> prompts, int maxNewTokens,
        double temperature, Generator? generator, int batchSize = 64)
    {
        var texts = new string[prompts.Count];
        var eos = new bool[prompts.Count];
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
        }
        return (texts, eos);
    }
}
