using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// A batched env whose state and results are TorchSharp tensors on one device (CPU or CUDA): Core's batched-env
/// contract (<see cref="IVectorEnv"/>: autoreset modes, final observations, episode statistics) with a tensor face,
/// so a learner on the same device steps it without host round trips. Its host face (<see cref="IVectorEnv{TObs,TAct}"/>)
/// copies the same results into arrays, for tools that expect an array vector env.
/// <para>
/// Ownership: the tensors returned are the env's buffers, overwritten by its next call (copy what you keep, e.g. with
/// <c>copy_</c> into rollout storage). Randomness: one device <see cref="Generator"/> per purpose (reset draws,
/// dynamics), seeded by <see cref="ResetTensors"/>; the whole batch shares each stream, so seeded runs repeat, but a
/// row's draws are not those of a scalar env reset with <c>seed + i</c>.
/// </para>
/// </summary>
public interface ITensorVectorEnv : IVectorEnv
{
    /// <summary>Where the state and every result live.</summary>
    Device Device { get; }

    /// <summary>The dtype of the dynamics and the rewards: float32 (fast) or float64 (follows the scalar env).</summary>
    ScalarType StateType { get; }

    /// <summary>The current observations, <c>[NumEnvs, ..]</c> (float32 for Box observations, int64 for Discrete ones).</summary>
    Tensor Observations { get; }

    /// <summary>The results of the last step, as device tensors (the same object every step).</summary>
    TensorVectorStep LastStep { get; }

    /// <summary>
    /// When true, every action value is checked against the action space before the step (a host read of one bool).
    /// Default: true on the CPU, where it costs little, false on CUDA, where it would stall the queue every step.
    /// </summary>
    bool CheckActionValues { get; set; }

    /// <summary>Starts an episode in every env; a <paramref name="seed"/> reseeds the env's generators. Returns <see cref="Observations"/>.</summary>
    Tensor ResetTensors(long? seed = null);

    /// <summary>Starts an episode in the envs where <paramref name="mask"/> (bool <c>[NumEnvs]</c>) is true; the others keep their state.</summary>
    Tensor ResetWhereTensors(Tensor mask, long? seed = null);

    /// <summary>
    /// Steps every env with its action (an integer tensor <c>[NumEnvs]</c> or <c>[NumEnvs, 1]</c> on <see cref="Device"/>)
    /// and applies the <see cref="IVectorEnv.AutoresetMode"/>, all on the device.
    /// </summary>
    TensorVectorStep StepTensors(Tensor actions);
}
