using DotGym;
using DotGym.Spaces;

namespace MyEnvs;

/// <summary>
/// Reach a target on a line. Observation: float32 [position, target], both in [-1, 1]. Action: a continuous push in
/// [-1, 1] that moves the position by 0.2 × action. Reward: minus the distance to the target after the move; the
/// episode ends once the position is within 0.05 of the target (the registration's step limit truncates it).
/// </summary>
public sealed class Reach1D : Env<float[], float[]>
{
    private const float StepSize = 0.2f, Tolerance = 0.05f;
    private readonly float[] _observation = new float[2];
    private float _position, _target;

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-1f, 1f, 2);
    public override Space<float[]> ActionSpace { get; } = new Box<float>(-1f, 1f, 1);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);                                    // like Gymnasium's super().reset(seed=seed)
        _position = (float)NpRandom.Uniform(-1, 1);
        _target = (float)NpRandom.Uniform(-1, 1);
        return new(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(float[] action)
    {
        ArgumentNullException.ThrowIfNull(action);
        // The agent's Gaussian samples may leave [-1, 1]: clip them, as Gymnasium's continuous envs do.
        float push = Math.Clamp(action[0], -1f, 1f);
        _position = Math.Clamp(_position + StepSize * push, -1f, 1f);
        float distance = Math.Abs(_position - _target);
        return new(Observe(), -distance, Terminated: distance < Tolerance, Truncated: false, Infos.Empty);
    }

    // The observation buffer is the env's own (stepping allocates nothing); callers copy it to keep it.
    private float[] Observe()
    {
        _observation[0] = _position;
        _observation[1] = _target;
        return _observation;
    }
}
