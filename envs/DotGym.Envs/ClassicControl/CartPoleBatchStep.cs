using DotGym.Vector;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// What <see cref="CartPoleBatch.Step"/> returns: the batch's reusable buffers (index <c>i</c> is env <c>i</c>),
/// valid until its next <c>Step</c> or <c>Reset</c>. Copy what you keep.
/// </summary>
/// <param name="Observations">float32 <c>[x, x_dot, theta, theta_dot]</c> of env <c>i</c> at <c>[4i, 4i + 4)</c>.</param>
/// <param name="Rewards">Each env's reward.</param>
/// <param name="Terminated">Whether each env's pole fell or cart left the track.</param>
/// <param name="Truncated">Whether each env's episode reached the step limit.</param>
/// <param name="FinalObservations"><see cref="AutoresetMode.SameStep"/> only (else null): last observations of the episodes that ended.</param>
/// <param name="HasFinal"><see cref="AutoresetMode.SameStep"/> only (else null): which rows of <paramref name="FinalObservations"/> are set.</param>
public readonly record struct CartPoleBatchStep(
    float[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, float[]? FinalObservations, bool[]? HasFinal)
{
    public void Deconstruct(out float[] observations, out double[] rewards, out bool[] terminated, out bool[] truncated)
    {
        observations = Observations;
        rewards = Rewards;
        terminated = Terminated;
        truncated = Truncated;
    }
}
