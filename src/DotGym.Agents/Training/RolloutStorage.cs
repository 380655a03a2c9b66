using DotGym.Agents.Policies;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>
/// One rollout of <c>n_steps</c> × <c>num_envs</c> transitions, as PPO and A2C collect it: observations (in the
/// policy's <see cref="ObservationFormat"/>: float32, int64 indices or uint8, shape kept), actions (int64 indices or
/// float32 values), log-probabilities, values and bool masks on the training device, time-major
/// <c>[n_steps, num_envs, ...]</c>; per-step env results and advantage scratch on the host, flat at
/// <c>t * num_envs + i</c>. Allocated once, reused every iteration.
/// </summary>
internal sealed class RolloutStorage : IDisposable
{
    public RolloutStorage(int steps, int numEnvs, Policy policy, int maskWidth)
    {
        var device = policy.Device;
        var obsType = policy.Observation.Kind switch
        {
            ObservationKind.Index => ScalarType.Int64,
            ObservationKind.UInt8 => ScalarType.Byte,
            _ => ScalarType.Float32,
        };
        Obs = zeros([steps, .. policy.Observation.BatchShape(numEnvs)], dtype: obsType, device: device);
        Actions = zeros([steps, numEnvs, policy.Layout.ActionWidth], dtype: policy.ActionType, device: device);
        LogProbs = zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device);
        Values = zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device);
        if (maskWidth > 0) Masks = ones([steps, numEnvs, maskWidth], dtype: ScalarType.Bool, device: device);
        int size = steps * numEnvs;
        Steps = steps;
        NumEnvs = numEnvs;
        Rewards = new double[size];
        Terminated = new bool[size];
        Truncated = new bool[size];
        IsTransition = new bool[size];
        HostValues = new float[size];
        HostLastValues = new float[numEnvs];
        Advantages = new float[size];
        Returns = new float[size];
    }

    public int Steps { get; }
    public int NumEnvs { get; }
    public Tensor Obs { get; }
    public Tensor Actions { get; }
    /// <summary>Log-probabilities of the actions under the behaviour policy (PPO's probability ratio).</summary>
    public Tensor LogProbs { get; }
    public Tensor Values { get; }
    /// <summary>Legal-action masks (true = legal), or null when the envs give none.</summary>
    public Tensor? Masks { get; }

    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    /// <summary>False for the autoreset steps of next-step autoreset, which are not transitions and are left out of the update.</summary>
    public bool[] IsTransition { get; }
    public float[] HostValues { get; }
    /// <summary>V(s) of the observation after the last step, for bootstrapping.</summary>
    public float[] HostLastValues { get; }
    public float[] Advantages { get; }
    public float[] Returns { get; }

    /// <summary>The flat indices <c>t * num_envs + i</c> of the real transitions (autoreset steps dropped).</summary>
    public long[] TransitionIndices()
    {
        var keep = new List<long>(IsTransition.Length);
        for (int k = 0; k < IsTransition.Length; k++) if (IsTransition[k]) keep.Add(k);
        return keep.ToArray();
    }

    public void Dispose()
    {
        Obs.Dispose();
        Actions.Dispose();
        LogProbs.Dispose();
        Values.Dispose();
        Masks?.Dispose();
    }
}
