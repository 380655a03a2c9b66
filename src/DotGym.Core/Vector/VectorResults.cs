namespace DotGym.Vector;

/// <summary>
/// What <see cref="VectorEnv{TObs,TAct}.Step(ReadOnlySpan{TAct})"/> returns: views of the vector env's reusable
/// buffers (index <c>i</c> is sub-env <c>i</c>), valid until its next <c>Step</c> or <c>Reset</c>. Copy what you keep.
/// </summary>
/// <param name="Observations">The batched observations (the reset observation for envs reset during this step).</param>
/// <param name="Rewards">Each sub-env's reward.</param>
/// <param name="Terminated">Each sub-env's terminated flag.</param>
/// <param name="Truncated">Each sub-env's truncated flag.</param>
/// <param name="Infos">Each sub-env's info (the reset info for envs reset during this step).</param>
/// <param name="FinalObservations">
/// <see cref="AutoresetMode.SameStep"/> only (null otherwise): the last observation of the episodes that ended in this
/// step, at the rows where <paramref name="HasFinal"/> is true (Gymnasium's <c>info["final_obs"]</c>).
/// </param>
/// <param name="FinalInfos"><see cref="AutoresetMode.SameStep"/> only: the last info of those episodes (Gymnasium's <c>info["final_info"]</c>).</param>
/// <param name="HasFinal"><see cref="AutoresetMode.SameStep"/> only: which sub-envs ended an episode in this step (Gymnasium's <c>info["_final_obs"]</c>).</param>
public readonly record struct VectorStepResult<TObs>(
    Batch<TObs> Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, IReadOnlyDictionary<string, object>[] Infos,
    Batch<TObs>? FinalObservations, IReadOnlyDictionary<string, object>[]? FinalInfos, bool[]? HasFinal)
{
    public void Deconstruct(out Batch<TObs> observations, out double[] rewards, out bool[] terminated, out bool[] truncated)
    {
        observations = Observations;
        rewards = Rewards;
        terminated = Terminated;
        truncated = Truncated;
    }
}

/// <summary>What a vector env's <c>Reset</c> returns: views of its reusable buffers, valid until its next call.</summary>
/// <param name="Observations">The batched observations (envs outside a reset mask keep their previous observation).</param>
/// <param name="Infos">Each sub-env's reset info (<see cref="DotGym.Infos.Empty"/> for envs outside a reset mask).</param>
public readonly record struct VectorResetResult<TObs>(Batch<TObs> Observations, IReadOnlyDictionary<string, object>[] Infos);
