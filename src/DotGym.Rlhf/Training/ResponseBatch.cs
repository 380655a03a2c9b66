using DotGym.Rlhf.Generation;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>
/// A batch of prompts and the responses generated for them, laid out for scoring: the whole sequences shifted by one
/// (<see cref="Inputs"/> predict <see cref="Targets"/>), so the response tokens are the targets in columns
/// <c>[ResponseStart, ResponseStart + ResponseLength)</c>. PPO, GRPO and RLOO all score their samples this way.
/// </summary>
internal sealed class ResponseBatch
{
    public ResponseBatch(Tensor promptIds, Tensor promptMask, GenerationResult generated)
    {
        long p = promptIds.shape[1];
        ResponseLength = generated.Tokens.shape[1];
        ResponseStart = p - 1;
        var sequence = cat([promptIds, generated.Tokens], 1);
        var sequenceMask = cat([promptMask, generated.Mask], 1);
        long shifted = p + ResponseLength - 1;
        Inputs = sequence.narrow(1, 0, shifted);
        InputMask = sequenceMask.narrow(1, 0, shifted);
        Targets = sequence.narrow(1, 1, shifted);
        ResponseMask = generated.Mask.to(ScalarType.Float32);
    }

    public Tensor Inputs { get; }
    public Tensor InputMask { get; }
    public Tensor Targets { get; }
    /// <summary>1 on real response tokens (through EOS), 0 on the pads after it, <c>[B, ResponseLength]</c>.</summary>
    public Tensor ResponseMask { get; }
    public long ResponseStart { get; }
    public long ResponseLength { get; }

    /// <summary>The response columns of a <c>[B, shifted length]</c> tensor (log-probs or values).</summary>
    public Tensor Responses(Tensor perPosition) => perPosition.narrow(1, ResponseStart, ResponseLength);
}
