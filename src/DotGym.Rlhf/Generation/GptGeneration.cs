using DotGym.Rlhf.Generation;
using DotGym.Rlhf.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf;

public sealed partial class Gpt
{
    /// <summary>
    /// Continues a left-padded batch of prompts by up to <paramref name="maxNewTokens"/> tokens, sampling with
    /// temperature / top-k / top-p (see <see cref="TokenSampler.Sample"/>). A row stops at its first
    /// <paramref name="eosId"/> (the EOS is kept; pads follow); generation ends once every row has stopped. Runs in
    /// eval mode without gradients and restores the training flag afterwards. Stopped rows leave the computed batch (and
    /// the key-value cache) once a quarter of it has stopped, so each step draws one uniform per row still computed; a
    /// row's tokens do not depend on which others share its batch under greedy decoding.
    /// </summary>
    /// <param name="promptIds">[B, P] integer ids, left-padded: every row's last column is a real token.</param>
    /// <param name="attentionMask">[B, P], 1 for real tokens and 0 for the leading pads; null when nothing is padded.</param>
    /// <param name="maxNewTokens">At most this many tokens per row; P + maxNewTokens must fit the context length.</param>
    /// <param name="temperature">0 for greedy, else the divisor of the logits.</param>
    /// <param name="topK">0 (off) or the number of most likely tokens to sample among.</param>
    /// <param name="topP">1 (off) or the nucleus mass.</param>
    /// <param name="eosId">The end-of-sequence id, or null to always generate <paramref name="maxNewTokens"/> tokens.</param>
    /// <param name="generator">Source of randomness for sampling (not needed when greedy).</param>
    /// <param name="padId">Written after a row's EOS; defaults to <paramref name="eosId"/> (or 0).</param>
    /// <param name="useKvCache">False recomputes the full forward pass each step: slower, for checking the cache.</param>
    public GenerationResult Generate(
        Tensor promptIds,
        Tensor? attentionMask,
        int maxNewTokens,
        double temperature = 1.0,
        int topK = 0,
        double topP = 1.0,
        long? eosId = null,
        Generator? generator = null,
        long? padId = null,
        bool useKvCache = true)
    {
        TokenSampler.Validate(temperature, topK, topP);
        if (temperature > 0 && generator is null)
            throw new ArgumentNullException(nameof(generator), "Sampling (temperature > 0) needs a generator, so runs are reproducible.");
        if (maxNewTokens < 1) throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, "Generate at least one token.");
        CheckInputs(promptIds, attentionMask);
        long batch = promptIds.shape[0], promptLength = promptIds.shape[1];
        if (promptLength + maxNewTokens > Config.ContextLength)
            throw new ArgumentException($"Prompt length {promptLength} + {maxNewTokens} new tokens exceeds the context length {Config.ContextLength}.", nameof(maxNewTokens));
        if (attentionMask is not null) CheckLeftPadded(attentionMask);
        long pad = padId ?? eosId ?? 0;

        bool wasTraining = training;
        eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var device = promptIds.device;
            long capacity = promptLength + maxNewTokens;
            // Whole-length buffers written column by column, so each step's view is a narrow, not a concatenation.
            var ids = torch.zeros([batch, capacity], ScalarType.Int64, device);
            var keyValid = torch.ones([batch, capacity], ScalarType.Int64, device);
            ids.narrow(1, 0, promptLength).copy_(promptIds);
            if (attentionMask is not null) keyValid.narrow(1, 0, promptLength).copy_(attentionMask);
            var tokens = torch.full([batch, maxNewTokens], pad, ScalarType.Int64, device);
            var logProbs = torch.zeros([batch, maxNewTokens], ScalarType.Float32, device);
            var realMask = torch.zeros([batch, maxNewTokens], ScalarType.Int64, device);
            var finished = torch.zeros([batch], ScalarType.Bool, device);
            using var cache = useKvCache ? new KvCache(Config.Layers, batch, Config.Heads, capacity, Config.HeadDim, device) : null;

            // Rows still generating are compacted out of the compute once a quarter of them has finished: most rows
            // stop long before the longest, and a finished row's forward pass is wasted. rowOf maps the compute rows
            // back to the batch's rows, where the outputs are written.
            var rowOf = torch.arange(0, batch, ScalarType.Int64, device);
            int produced = 0;
            for (int step = 0; step < maxNewTokens; step++)
            {
                using var stepScope = torch.NewDisposeScope();
                long filled = promptLength + step;
                // With a cache only the slots not yet seen are fed (the whole prompt first, then one token); without
                // one, everything is recomputed. Both use the same positions and mask for the fed slots.
                long start = cache?.Length ?? 0;
                var valid = keyValid.narrow(1, 0, filled);
                var positions = AttentionMasks.Positions(valid).narrow(1, start, filled - start);
                var mask = AttentionMasks.Build(valid, start, filled - start);
                var hidden = HiddenCore(ids.narrow(1, start, filled - start), positions, mask, cache);
                var logits = Logits(hidden.narrow(1, hidden.shape[1] - 1, 1).squeeze(1));

                var (next, nextLogProb) = TokenSampler.Sample(logits, temperature, topK, topP, generator);
                next = next.masked_fill(finished, pad);
                nextLogProb = nextLogProb.masked_fill(finished, 0.0f);
                tokens.select(1, step).index_copy_(0, rowOf, next);
                logProbs.select(1, step).index_copy_(0, rowOf, nextLogProb);
                realMask.select(1, step).index_copy_(0, rowOf, finished.logical_not().to(ScalarType.Int64));
                ids.narrow(1, filled, 1).copy_(next.unsqueeze(1));
                produced++;
                if (eosId is not long eos) continue;
                finished.logical_or_(next.eq(eos));
                long rows = finished.shape[0], done = finished.sum().item<long>();
                if (done == rows) break;
                if (done * 4 < rows) continue;
                using var keep = finished.logical_not().nonzero().squeeze(1);
                Replace(ref ids, ids.index_select(0, keep));
                Replace(ref keyValid, keyValid.index_select(0, keep));
                Replace(ref rowOf, rowOf.index_select(0, keep));
                Replace(ref finished, torch.zeros([keep.shape[0]], ScalarType.Bool, device));
                cache?.KeepRows(keep);
            }
            return new GenerationResult(
                tokens.narrow(1, 0, produced).clone().MoveToOuterDisposeScope(),
                logProbs.narrow(1, 0, produced).clone().MoveToOuterDisposeScope(),
                realMask.narrow(1, 0, produced).clone().MoveToOuterDisposeScope());
        }
        finally
        {
            train(wasTraining);
        }
    }

    // Swaps in a state tensor built from the current one; the dispose scope of the caller owns the new one.
    private static void Replace(ref Tensor state, Tensor next)
    {
        state.Dispose();
        state = next.MoveToOuterDisposeScope();
    }

    private static void CheckLeftPadded(Tensor attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        var real = attentionMask.ne(0);
        bool lastColumnReal = real.narrow(1, real.shape[1] - 1, 1).all().item<bool>();
        // Left padding means each row is 0...0 1...1: never a real token followed by a pad.
        bool monotone = real.shape[1] < 2 || real.narrow(1, 1, real.shape[1] - 1).ge(real.narrow(1, 0, real.shape[1] - 1)).all().item<bool>();
        if (!lastColumnReal || !monotone)
            throw new ArgumentException("Generation needs a left-padded batch: each row's mask must be 0…0 1…1 with a real token in the last column (pad before the prompt, not after).", nameof(attentionMask));
    }
}
