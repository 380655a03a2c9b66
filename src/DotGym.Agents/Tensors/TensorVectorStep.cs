using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// What <see cref="ITensorVectorEnv.StepTensors"/> returns: the env's result buffers on its device, row <c>i</c> for env
/// <c>i</c>, overwritten by the next call. One instance per env, so stepping allocates no result object.
/// </summary>
public sealed class TensorVectorStep
{
    internal TensorVectorStep(Tensor observations, Tensor rewards, Tensor terminated, Tensor truncated, Tensor? finalObservations,
        Tensor? hasFinal, Tensor? autoresetStep, Tensor episodeEnded, Tensor episodeReturns, Tensor episodeLengths)
    {
        Observations = observations;
        Rewards = rewards;
        Terminated = terminated;
        Truncated = truncated;
        FinalObservations = finalObservations;
        HasFinal = hasFinal;
        AutoresetStep = autoresetStep;
        EpisodeEnded = episodeEnded;
        EpisodeReturns = episodeReturns;
        EpisodeLengths = episodeLengths;
    }

    /// <summary>The observations after the step (the reset observation where <see cref="AutoresetMode.SameStep"/> reset an env).</summary>
    public Tensor Observations { get; }
    /// <summary>Each env's reward, in <see cref="ITensorVectorEnv.StateType"/>.</summary>
    public Tensor Rewards { get; }
    /// <summary>bool: the episode reached a terminal state.</summary>
    public Tensor Terminated { get; }
    /// <summary>bool: the episode hit the step limit.</summary>
    public Tensor Truncated { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only (else null): the last observation of the episodes that ended, at the rows where <see cref="HasFinal"/> is true.</summary>
    public Tensor? FinalObservations { get; }
    /// <summary><see cref="AutoresetMode.SameStep"/> only (else null): bool, which envs ended an episode in this step.</summary>
    public Tensor? HasFinal { get; }
    /// <summary><see cref="AutoresetMode.NextStep"/> only (else null): bool, which envs were only reset by this step (action ignored, reward 0, flags false).</summary>
    public Tensor? AutoresetStep { get; }
    /// <summary>bool: which envs finished an episode in this step (Gymnasium's <c>RecordEpisodeStatistics</c>, kept on the device).</summary>
    public Tensor EpisodeEnded { get; }
    /// <summary>float64: each env's return of its last finished episode (updated where <see cref="EpisodeEnded"/>).</summary>
    public Tensor EpisodeReturns { get; }
    /// <summary>int64: each env's length of its last finished episode (updated where <see cref="EpisodeEnded"/>).</summary>
    public Tensor EpisodeLengths { get; }
}
