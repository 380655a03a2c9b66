using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>
/// One rollout of <c>n_steps</c> × <c>num_envs</c> transitions, as PPO and A2C collect it: observations, actions,
/// values and masks on the training device, time-major <c>[n_steps, num_envs, ...]</c>; per-step env results and
/// advantage scratch on the host, flat at <c>t * num_envs + i</c>. Allocated once, reused every iteration.
/// </summary>
internal sealed class RolloutStorage
{
    public RolloutStorage(int steps, int numEnvs, int obsDim, int actionWidth, int maskWidth, Device device)
    {
        Obs = zeros([steps, numEnvs, obsDim], dtype: ScalarType.Float32, device: device);
        Actions = zeros([steps, numEnvs, actionWidth], dtype: ScalarType.Float32, device: device);
        Values = zeros([steps, numEnvs], dtype: ScalarType.Float32, device: device);
        if (maskWidth > 0) Masks = ones([steps, numEnvs, maskWidth], dtype: ScalarType.Byte, device: device);
        int size = steps * numEnvs;
        Rewards = new double[size];
        Terminated = new bool[size];
        Truncated = new bool[size];
        IsTransition = new bool[size];
        HostActions = new float[numEnvs * actionWidth];
        HostValues = new float[size];
        HostLastValues = new float[numEnvs];
        Advantages = new float[size];
        Returns = new float[size];
    }

    public Tensor Obs { get; }
    public Tensor Actions { get; }
    public Tensor Values { get; }
    /// <summary>Legal-action masks (1 = legal), or null when the envs give none.</summary>
    public Tensor? Masks { get; }

    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    /// <summary>False for the autoreset steps of next-step autoreset, which are not transitions and are left out of the update.</summary>
    public bool[] IsTransition { get; }
    /// <summary>The actions of the current step, env-major, as sent to the envs.</summary>
    public float[] HostActions { get; }
    public float[] HostValues { get; }
    /// <summary>V(s) of the observation after the last step, for bootstrapping.</summary>
    public float[] HostLastValues { get; }
    public float[] Advantages { get; }
    public float[] Returns { get; }
}
