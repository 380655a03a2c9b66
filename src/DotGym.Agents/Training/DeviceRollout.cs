using DotGym.Agents.Policies;
using DotGym.Agents.Tensors;
using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>
/// PPO's rollout on a tensor env, all on the training device: <c>n_steps</c> steps of the env's tensors copied
/// straight into time-major <c>[n_steps, num_envs, ...]</c> storage (observations, final observations, actions,
/// log-probabilities, values, rewards and flags as float 0/1), and the finished episodes' counts and sums accumulated
/// per env until the host reads them. One forward pass and one env step per rollout step, no host read.
/// </summary>
internal sealed class DeviceRollout : IDisposable
{
    public DeviceRollout(int steps, ITensorVectorEnv env, Policy policy)
    {
        var device = policy.Device;
        int numEnvs = env.NumEnvs;
        var observationShape = new long[] { steps }.Concat(env.Observations.shape).ToArray();
        var observationType = env.Observations.dtype;
        Env = env;
        Steps = steps;
        NumEnvs = numEnvs;
        Obs = Keep(zeros(observationShape, dtype: observationType, device: device));
        FinalObs = Keep(zeros(observationShape, dtype: observationType, device: device));
        Actions = Keep(zeros([steps, numEnvs, policy.Layout.ActionWidth], dtype: policy.ActionType, device: device));
        LogProbs = Keep(zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device));
        Values = Keep(zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device));
        Rewards = Keep(zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device));
        Terminated = Keep(zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device));
        Truncated = Keep(zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device));
        EpisodeCounts = Keep(zeros(numEnvs, dtype: ScalarType.Float64, device: device));
        EpisodeReturnSums = Keep(zeros(numEnvs, dtype: ScalarType.Float64, device: device));
        EpisodeLengthSums = Keep(zeros(numEnvs, dtype: ScalarType.Float64, device: device));
    }

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    public ITensorVectorEnv Env { get; }
    public int Steps { get; }
    public int NumEnvs { get; }
    public Tensor Obs { get; }
    /// <summary>Where an episode ended at step t, its last observation (V of it bootstraps a truncation).</summary>
    public Tensor FinalObs { get; }
    public Tensor Actions { get; }
    public Tensor LogProbs { get; }
    public Tensor Values { get; }
    public Tensor Rewards { get; }
    public Tensor Terminated { get; }
    public Tensor Truncated { get; }
    public Tensor EpisodeCounts { get; }
    public Tensor EpisodeReturnSums { get; }
    public Tensor EpisodeLengthSums { get; }

    /// <summary>Steps the env <see cref="Steps"/> times with actions sampled by <paramref name="policy"/>.</summary>
    public void Collect(Policy policy, Generator sampleGenerator)
    {
        for (int t = 0; t < Steps; t++)
        {
            using var scope = NewDisposeScope();
            var obs = Env.Observations; // overwritten by the step: copied first
            Tensor actions, logProb, value;
            using (no_grad())
            {
                (actions, logProb) = policy.Sample(obs, null, sampleGenerator);
                value = policy.Value(obs);
            }
            Obs[t].copy_(obs);
            Actions[t].copy_(actions);
            LogProbs[t].copy_(logProb);
            Values[t].copy_(value);
            var step = Env.StepTensors(actions);
            Rewards[t].copy_(step.Rewards);
            Terminated[t].copy_(step.Terminated);
            Truncated[t].copy_(step.Truncated);
            FinalObs[t].copy_(step.FinalObservations!);
            var ended = step.EpisodeEnded.to(ScalarType.Float64);
            EpisodeCounts.add_(ended);
            EpisodeReturnSums.addcmul_(step.EpisodeReturns, ended, 1);
            EpisodeLengthSums.addcmul_(step.EpisodeLengths.to(ScalarType.Float64), ended, 1);
        }
    }

    public void Dispose()
    {
        foreach (var t in new[] { Obs, FinalObs, Actions, LogProbs, Values, Rewards, Terminated, Truncated, EpisodeCounts, EpisodeReturnSums, EpisodeLengthSums })
            t.Dispose();
    }
}
