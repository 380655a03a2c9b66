using System.Diagnostics;
using DotGym.Agents.Checkpoints;
using DotGym.Agents.Environments;
using DotGym.Agents.Policies;
using DotGym.Agents.Tensors;
using DotGym.Agents.Training;
using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Vector;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// A policy-gradient learner (<see cref="Ppo"/>, <see cref="A2C"/>, <see cref="Reinforce"/>) on one batched env: any
/// Core <see cref="IVectorEnv{TObs,TAct}"/> (sync, threaded, a native SIMD batch, a remote one) with next-step
/// autoreset. <see cref="Learn"/> trains; <see cref="Policy"/> (network, observation normaliser, action distribution)
/// acts, also through <see cref="Predict{TObs,TAct}"/>; <see cref="Evaluate"/> plays whole episodes;
/// <see cref="Save"/> / <c>Load</c> checkpoint everything needed to continue.
/// <para>
/// Runs with the same seed on the CPU repeat bit for bit: sub-env i is reset with seed + i, networks are initialised
/// from a generator seeded with the seed, and action sampling, minibatch shuffling and <c>Predict</c> sampling each
/// use their own seeded generator. The policy network is swappable (<see cref="PolicyNetworkFactory"/>).
/// </para>
/// </summary>
public abstract partial class Agent : IDisposable
{
    private readonly Queue<double> _recentReturns = new();
    private const int RecentReturnsKept = 100;
    private bool[] _doneScratch = [], _skipScratch = [];
    private List<TorchSharp.Modules.Parameter> _parameters = [];
    private readonly VectorEnvRunner? _runner;
    private bool _disposed;

    private protected Agent(AgentConfig config, IVectorEnv envs, PolicyNetworkFactory? policyNetwork)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(envs);
        ActionLayout layout;
        ObservationFormat format;
        try
        {
            config.Validate();
            if (envs.NumEnvs != config.NumEnvs)
                throw new ArgumentException($"{config.Algorithm}: num_envs = {config.NumEnvs} but the vector env runs {envs.NumEnvs} sub-envs; set num_envs to {envs.NumEnvs} or make the vector env with {config.NumEnvs}.");
            Config = config;
            if (config.TorchThreads > 0) torch.set_num_threads(config.TorchThreads);
            Device = TorchRuntime.ResolveDevice(config.Device);
            ObservationSpace = envs.SingleObservationSpace;
            ActionSpace = envs.SingleActionSpace;
            layout = ActionLayout.From(ActionSpace);
            CheckActionSpace(layout);
            if (config.ActionMasks == true && !layout.IsDiscrete)
                throw new ArgumentException($"{config.Algorithm} config: action_masks = true needs a Discrete or MultiDiscrete action space, but the env's is {ActionSpace}. Remove action_masks or use a discrete env.");
            if (config.UseSde && layout.IsDiscrete)
                throw new ArgumentException($"{config.Algorithm} config: use_sde = true needs a Box action space (gSDE perturbs a Gaussian's mean), but the env's is {ActionSpace}. Remove use_sde.");
            int maskWidth = layout.IsDiscrete && config.ActionMasks != false ? layout.ActorOutputWidth : 0;
            if (envs is ITensorVectorEnv tensorEnv)
            {
                CheckTensorEnv(tensorEnv, config);
                TensorEnv = tensorEnv;
                format = envs.Accept(new ObservationFormatOf());
            }
            else
            {
                // Observation normalisation works on float rows, so with it every observation is read as floats (one-hot indices).
                _runner = VectorEnvRunner.Create(envs, layout, config.ClipActions, maskWidth, floatObservations: config.NormalizeObservations);
                format = _runner.Observations.Format;
            }
        }
        catch
        {
            envs.Dispose(); // the agent owns the envs it was given
            throw;
        }

        // Envs: sub-env i resets with seed + i (a tensor env seeds its device generators); action masks are used when
        // the envs provide them (or required by config).
        bool masksFound = TensorEnv is null && Runner.Reset(config.Seed);
        TensorEnv?.ResetTensors(config.Seed);
        if (TensorEnv is null && Runner.MaskWidth > 0 && !masksFound)
        {
            if (config.ActionMasks == true)
            {
                Runner.Dispose();
                throw new ArgumentException($"{config.Algorithm} config: action_masks = true but the env gives no info[\"action_mask\"] and does not implement IActionMaskProvider.");
            }
            Runner.DisableMasks();
        }

        // Generators: one per purpose so that changing one use of randomness does not shift the others.
        var initGenerator = new Generator((ulong)config.Seed, torch.CPU);
        SampleGenerator = new Generator((ulong)config.Seed + 1, Device);
        // A tensor env's rollout never leaves the device, so its minibatches are shuffled there too.
        ShuffleGenerator = new Generator((ulong)config.Seed + 2, TensorEnv is null ? torch.CPU : Device);
        PredictGenerator = new Generator((ulong)config.Seed + 3, Device);
        var context = new PolicyContext(format, layout, UsesCritic, config, initGenerator, Device);
        var network = (policyNetwork ?? MlpPolicy.Factory)(context)
            ?? throw new InvalidOperationException("The policy network factory returned null.");
        initGenerator.Dispose();
        if (UsesCritic && !network.HasCritic)
            throw new ArgumentException($"{config.Algorithm} needs a critic, but the policy network {TypeNames.Of(network.GetType())} has none (HasCritic = false).");
        ObservationNormalizer? normalizer = null;
        if (config.NormalizeObservations) normalizer = new ObservationNormalizer(format.ItemSize, config.ClipObservations);
        Policy = new Policy(network, format, layout, ObservationSpace, ActionSpace, normalizer, config.ClipActions, Device, config.UseSde);
        Optimizer = CreateOptimizer();
        if (config.NormalizeRewards) RewardNormalizer = new RewardNormalizer(envs.NumEnvs, config.Gamma, config.ClipRewards);
        StepRewards = new double[envs.NumEnvs];
        _doneScratch = new bool[envs.NumEnvs];
        _skipScratch = new bool[envs.NumEnvs];
        _parameters = network.Module.parameters().ToList();
    }

    /// <summary>
    /// The vector env an algorithm's factory constructor trains on: <c>num_envs</c> copies from
    /// <paramref name="factory"/>, synchronous or threaded (a native batch needs an env id: <c>Gym.MakeVec</c>).
    /// </summary>
    private protected static IVectorEnv MakeEnvs(Func<IEnv> factory, AgentConfig config, VectorizationMode mode = VectorizationMode.Sync)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Gym.MakeVec(factory, Math.Max(1, config.NumEnvs), mode);
    }

    /// <summary>One env as a vector env of one (the agent takes ownership).</summary>
    private protected static IVectorEnv OneEnv(IEnv env) => Gym.MakeVec([env]);

    /// <summary>The algorithm's short name, as in presets and checkpoints.</summary>
    public abstract string Algorithm { get; }

    public AgentConfig Config { get; }
    public Device Device { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace { get; }

    /// <summary>What the agent acts with: network, observation normaliser, action distribution.</summary>
    public Policy Policy { get; }

    /// <summary>How the policy's distribution maps onto the action space.</summary>
    public ActionLayout Layout => Policy.Layout;

    /// <summary>Width of an observation flattened to floats (an MLP's input width).</summary>
    public int ObsDim => Policy.Observation.FlatSize;

    /// <summary>The vector env being trained on (sub-env i was first reset with seed + i).</summary>
    public IVectorEnv Envs => (IVectorEnv?)_runner?.Env ?? TensorEnv!;

    /// <summary>Env transitions collected (autoreset steps are not counted).</summary>
    public long GlobalStep { get; private protected set; }
    public long Updates { get; private protected set; }
    public long Episodes { get; private set; }

    /// <summary>Seconds spent in <see cref="Learn"/>, summed over resumed sessions.</summary>
    public double TrainingSeconds { get; private set; }

    /// <summary>Global step at which the reward threshold was first reached (null: not yet).</summary>
    public long? StepsToThreshold { get; private set; }
    public double? SecondsToThreshold { get; private set; }

    /// <summary>Returns of the most recent training episodes, oldest first (at most 100).</summary>
    public IReadOnlyCollection<double> RecentReturns => _recentReturns;

    /// <summary>The host-array path to the envs (every vector env but a tensor env).</summary>
    internal VectorEnvRunner Runner => _runner ?? throw new InvalidOperationException(
        $"{Algorithm} trains on the tensor env {TensorEnv} through its device path; it has no host runner.");

    /// <summary>The tensor env, when the agent trains on one: its tensors feed the policy directly, without host copies.</summary>
    internal ITensorVectorEnv? TensorEnv { get; }

    /// <summary>Entries per env in the action masks (0: none; tensor envs give none).</summary>
    internal int MaskWidth => _runner?.MaskWidth ?? 0;
    internal OptimizerHelper Optimizer { get; }
    internal Generator SampleGenerator { get; }
    internal Generator ShuffleGenerator { get; }
    internal Generator PredictGenerator { get; }
    internal ObservationNormalizer? ObservationNormalizer => Policy.Normalizer;
    internal RewardNormalizer? RewardNormalizer { get; }

    /// <summary>Rewards of the last env step as the learner sees them (scaled when reward normalisation is on).</summary>
    internal double[] StepRewards { get; }

    /// <summary>Whether the algorithm trains a critic (value function).</summary>
    private protected virtual bool UsesCritic => true;

    /// <summary>Whether the algorithm trains on tensor envs (PPO's on-device path); the others step host arrays.</summary>
    private protected virtual bool SupportsTensorEnvs => false;

    private void CheckTensorEnv(ITensorVectorEnv env, AgentConfig config)
    {
        string name = config.Algorithm;
        if (!SupportsTensorEnvs)
            throw new ArgumentException($"{name} steps envs through host arrays; the tensor env {env} trains with PPO's on-device path. Use ppo, or an array vector env (Gym.MakeVec; --vectorization sync, threaded or native).");
        if (env.Device.type != Device.type)
            throw new ArgumentException($"{name} config: device = {config.Device} but the tensor env {env} lives on {env.Device}; make the env on the training device (TensorEnvs.Make(id, n, agentDevice)) or set device to match.");
        if (env.AutoresetMode != AutoresetMode.SameStep)
            throw new ArgumentException($"{name} on a tensor env needs same-step autoreset (every step a transition, the final observation as a tensor), but {env} uses {env.AutoresetMode}. Make it with AutoresetMode.SameStep (TensorEnvs.Make's default).");
        if (config.NormalizeObservations || config.NormalizeRewards)
            throw new ArgumentException($"{name} config: normalize_observations and normalize_rewards are not supported on tensor envs yet (their statistics live on the host); turn them off, or use an array vector env.");
        if (config.ActionMasks == true)
            throw new ArgumentException($"{name} config: action_masks = true, but tensor envs give no action masks; remove action_masks.");
        if (config.UseSde)
            throw new ArgumentException($"{name} config: use_sde is not supported on tensor envs yet; remove it, or use an array vector env.");
    }

    /// <summary>Rejects action spaces the algorithm cannot handle (all three handle every supported layout).</summary>
    private protected virtual void CheckActionSpace(ActionLayout layout) { }

    /// <summary>Adam with the configured epsilon; A2C overrides to offer RMSprop.</summary>
    private protected virtual OptimizerHelper CreateOptimizer() =>
        torch.optim.Adam(Policy.Network.Module.parameters(), lr: Config.LearningRate, eps: Config.AdamEps);

    /// <summary>Collects one rollout and updates the networks once.</summary>
    private protected abstract void RunIteration(LearnContext context);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        Policy.Dispose();
        Optimizer.Dispose();
        SampleGenerator.Dispose();
        ShuffleGenerator.Dispose();
        PredictGenerator.Dispose();
        _runner?.Dispose();
        TensorEnv?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the algorithm's own tensors (rollout buffers).</summary>
    protected virtual void Dispose(bool disposing) { }
}

/// <summary>The policy's observation format for a vector env's observation type.</summary>
internal sealed class ObservationFormatOf : IVectorEnvVisitor<ObservationFormat>
{
    public ObservationFormat Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) => ObservationEncoder<TObs>.Create(env.SingleObservationSpace).Format;
}

/// <summary>State of one <see cref="Agent.Learn"/> call.</summary>
internal sealed class LearnContext(long totalSteps, TrainingCallbacks callbacks, long startStep, double startSeconds)
{
    public long TotalSteps { get; } = totalSteps;
    public TrainingCallbacks Callbacks { get; } = callbacks;
    public long StartStep { get; } = startStep;
    public double StartSeconds { get; } = startSeconds;
    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public bool ThresholdReachedNow { get; set; }
}
