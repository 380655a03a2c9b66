using System.Diagnostics;
using DotGym.Agents.Checkpoints;
using DotGym.Agents.Environments;
using DotGym.Agents.Policies;
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
public abstract class Agent : IDisposable
{
    private readonly Queue<double> _recentReturns = new();
    private const int RecentReturnsKept = 100;
    private bool[] _doneScratch = [], _skipScratch = [];
    private List<TorchSharp.Modules.Parameter> _parameters = [];
    private bool _disposed;

    private protected Agent(AgentConfig config, IVectorEnv envs, PolicyNetworkFactory? policyNetwork)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(envs);
        ActionLayout layout;
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
            int maskWidth = layout.IsDiscrete && config.ActionMasks != false ? layout.ActorOutputWidth : 0;
            // Observation normalisation works on float rows, so with it every observation is read as floats (one-hot indices).
            Runner = VectorEnvRunner.Create(envs, layout, config.ClipActions, maskWidth, floatObservations: config.NormalizeObservations);
        }
        catch
        {
            envs.Dispose(); // the agent owns the envs it was given
            throw;
        }

        // Envs: sub-env i resets with seed + i; action masks are used when the envs provide them (or required by config).
        bool masksFound = Runner.Reset(config.Seed);
        if (Runner.MaskWidth > 0 && !masksFound)
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
        ShuffleGenerator = new Generator((ulong)config.Seed + 2, torch.CPU);
        PredictGenerator = new Generator((ulong)config.Seed + 3, Device);
        var format = Runner.Observations.Format;
        var context = new PolicyContext(format, layout, UsesCritic, config, initGenerator, Device);
        var network = (policyNetwork ?? MlpPolicy.Factory)(context)
            ?? throw new InvalidOperationException("The policy network factory returned null.");
        initGenerator.Dispose();
        if (UsesCritic && !network.HasCritic)
            throw new ArgumentException($"{config.Algorithm} needs a critic, but the policy network {network.GetType().Name} has none (HasCritic = false).");
        ObservationNormalizer? normalizer = null;
        if (config.NormalizeObservations) normalizer = new ObservationNormalizer(format.ItemSize, config.ClipObservations);
        Policy = new Policy(network, format, layout, ObservationSpace, ActionSpace, normalizer, config.ClipActions, Device);
        Optimizer = CreateOptimizer();
        if (config.NormalizeRewards) RewardNormalizer = new RewardNormalizer(Runner.NumEnvs, config.Gamma, config.ClipRewards);
        StepRewards = new double[Runner.NumEnvs];
        _doneScratch = new bool[Runner.NumEnvs];
        _skipScratch = new bool[Runner.NumEnvs];
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
    public IVectorEnv Envs => Runner.Env;

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

    internal VectorEnvRunner Runner { get; }
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

    /// <summary>Rejects action spaces the algorithm cannot handle (all three handle every supported layout).</summary>
    private protected virtual void CheckActionSpace(ActionLayout layout) { }

    /// <summary>Adam with the configured epsilon; A2C overrides to offer RMSprop.</summary>
    private protected virtual OptimizerHelper CreateOptimizer() =>
        torch.optim.Adam(Policy.Network.Module.parameters(), lr: Config.LearningRate, eps: Config.AdamEps);

    /// <summary>Collects one rollout and updates the networks once.</summary>
    private protected abstract void RunIteration(LearnContext context);

    /// <summary>
    /// Trains until <see cref="GlobalStep"/> reaches <paramref name="totalSteps"/> (a total budget: a resumed agent
    /// continues where it stopped; the learning rate anneals over this same budget). Returns early when the reward
    /// threshold is reached (if asked) or <paramref name="cancellation"/> fires; both take effect between updates.
    /// </summary>
    public LearnResult Learn(long totalSteps, TrainingCallbacks? callbacks = null, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Learn needs a positive step budget.");
        callbacks ??= new TrainingCallbacks();
        if (callbacks.RewardWindow is < 1 or > RecentReturnsKept)
            throw new ArgumentOutOfRangeException(nameof(callbacks), callbacks.RewardWindow, $"RewardWindow must be in 1..{RecentReturnsKept}.");
        var context = new LearnContext(totalSteps, callbacks, GlobalStep, TrainingSeconds);
        bool cancelled = false;
        while (GlobalStep < totalSteps)
        {
            if (cancellation.IsCancellationRequested) { cancelled = true; break; }
            long before = GlobalStep;
            RunIteration(context);
            TrainingSeconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
            if (Crossed(before, GlobalStep, callbacks.EvaluationInterval)) callbacks.Evaluate?.Invoke(this, GlobalStep);
            if (Crossed(before, GlobalStep, callbacks.CheckpointInterval)) callbacks.Checkpoint?.Invoke(this, GlobalStep);
            if (context.ThresholdReachedNow && callbacks.StopAtRewardThreshold) break;
        }
        TrainingSeconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
        return new LearnResult(GlobalStep, Episodes, Updates, TrainingSeconds, MeanRecentReturn(callbacks.RewardWindow),
            StepsToThreshold is not null, StepsToThreshold, SecondsToThreshold, cancelled);
    }

    private static bool Crossed(long before, long after, long interval) => interval > 0 && after / interval > before / interval;

    /// <summary>Mean of the last <paramref name="window"/> training returns (all of them if fewer; null if none).</summary>
    public double? MeanRecentReturn(int window = 20)
    {
        if (_recentReturns.Count == 0) return null;
        return _recentReturns.Skip(Math.Max(0, _recentReturns.Count - window)).Average();
    }

    // ---- helpers the algorithms share -------------------------------------------------------------------------------

    /// <summary>The envs' current observations as one tensor on the device (normalised, and the running statistics
    /// updated, when observation normalisation is on).</summary>
    internal Tensor ObservationBatch(bool updateStatistics = true) => Policy.ToTensor(Runner.Observations, Runner.NumEnvs, updateStatistics);

    /// <summary>As <see cref="ObservationBatch(bool)"/>, but only the envs flagged in <paramref name="statisticsRows"/>
    /// update the normalisation statistics (envs idle this step would count their observation twice).</summary>
    internal Tensor ObservationBatch(ReadOnlySpan<bool> statisticsRows) => Policy.ToTensor(Runner.Observations, statisticsRows);

    /// <summary>
    /// Bookkeeping after the envs stepped: rewards (scaled if reward normalisation is on), the step count, and the
    /// episodes the vector-level statistics saw finish. <paramref name="counted"/> (REINFORCE) limits all three to
    /// the envs whose transitions the learner keeps.
    /// </summary>
    internal void AfterEnvStep(LearnContext context, ReadOnlySpan<bool> counted = default)
    {
        int n = Runner.NumEnvs;
        Runner.Rewards.CopyTo(StepRewards, 0);
        int transitions = 0;
        for (int i = 0; i < n; i++)
            if (!Runner.WasReset[i] && (counted.IsEmpty || counted[i])) transitions++;
        if (RewardNormalizer is not null)
        {
            Span<bool> done = _doneScratch, skip = _skipScratch;
            for (int i = 0; i < n; i++)
            {
                done[i] = Runner.Terminated[i] || Runner.Truncated[i];
                skip[i] = Runner.WasReset[i] || (!counted.IsEmpty && !counted[i]);
            }
            RewardNormalizer.Apply(StepRewards, done, skip);
        }
        GlobalStep += transitions;
        for (int i = 0; i < n; i++)
            if (Runner.EpisodeEnded[i] && (counted.IsEmpty || counted[i]))
                RecordEpisode(context, i, Runner.EpisodeReturns[i], Runner.EpisodeLengths[i]);
    }

    private void RecordEpisode(LearnContext context, int env, double episodeReturn, int length)
    {
        Episodes++;
        _recentReturns.Enqueue(episodeReturn);
        if (_recentReturns.Count > RecentReturnsKept) _recentReturns.Dequeue();
        double seconds = context.StartSeconds + context.Clock.Elapsed.TotalSeconds;
        context.Callbacks.EpisodeFinished?.Invoke(new EpisodeReport(GlobalStep, env, episodeReturn, length, seconds));
        var threshold = context.Callbacks.RewardThreshold;
        int window = context.Callbacks.RewardWindow;
        if (threshold is { } target && _recentReturns.Count >= window && MeanRecentReturn(window) >= target && StepsToThreshold is null)
        {
            StepsToThreshold = GlobalStep;
            SecondsToThreshold = seconds;
            context.ThresholdReachedNow = true;
        }
    }

    /// <summary>Sets the learning rate for this update: linear decay from learning_rate to 0 over the budget when anneal_lr is on.</summary>
    internal double AnnealLearningRate(LearnContext context)
    {
        double fraction = Config.AnnealLr ? Math.Max(0.0, 1.0 - (double)GlobalStep / context.TotalSteps) : 1.0;
        double lr = Config.LearningRate * fraction;
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
        return lr;
    }

    /// <summary>Counts the update and tells the callbacks, adding learning-rate-independent timing metrics.</summary>
    internal void ReportUpdate(LearnContext context, Dictionary<string, double> metrics)
    {
        Updates++;
        double elapsed = context.Clock.Elapsed.TotalSeconds;
        metrics["sps"] = elapsed > 0 ? (GlobalStep - context.StartStep) / elapsed : 0;
        context.Callbacks.UpdateFinished?.Invoke(new UpdateReport(GlobalStep, Updates, metrics, context.StartSeconds + elapsed));
    }

    /// <summary>Global gradient-norm clipping (0 = off); returns the norm before clipping.</summary>
    internal double ClipGradients()
    {
        if (Config.MaxGradNorm <= 0) return double.NaN;
        return nn.utils.clip_grad_norm_(_parameters, Config.MaxGradNorm);
    }

    // ---- acting -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The action for one observation (see <see cref="Policies.Policy.Predict{TObs,TAct}"/>): the mode when
    /// <paramref name="deterministic"/>, otherwise a sample from the agent's predict generator (seeded seed + 3).
    /// </summary>
    public TAct Predict<TObs, TAct>(TObs observation, bool deterministic = true, ReadOnlySpan<byte> actionMask = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Policy.Predict<TObs, TAct>(observation, deterministic, actionMask, PredictGenerator);
    }

    /// <summary>
    /// Plays <paramref name="episodes"/> whole episodes on <paramref name="env"/> (not one of the training envs: pass
    /// a separate instance) with <see cref="Predict{TObs,TAct}"/> and returns their raw returns. The first reset uses
    /// <paramref name="seed"/>, the later ones continue the env's generator (Gymnasium's evaluation convention).
    /// Action masks are read as in training. Does not dispose <paramref name="env"/>.
    /// </summary>
    public EvaluationResult Evaluate(IEnv env, int episodes, long? seed = null, bool deterministic = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(env);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "Evaluate needs at least one episode.");
        if (!env.ObservationSpace.Equals(ObservationSpace) || !env.ActionSpace.Equals(ActionSpace))
            throw new ArgumentException($"The evaluation env has spaces {env.ObservationSpace} / {env.ActionSpace}, the agent was built for {ObservationSpace} / {ActionSpace}.", nameof(env));
        return env.Accept(new Evaluator(this, episodes, seed, deterministic));
    }

    private sealed class Evaluator(Agent agent, int episodes, long? seed, bool deterministic) : IEnvVisitor<EvaluationResult>
    {
        public EvaluationResult Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            int width = agent.Runner.MaskWidth;
            var mask = new byte[width];
            var provider = env as IActionMaskProvider ?? env.Unwrapped as IActionMaskProvider;
            var returns = new double[episodes];
            var lengths = new int[episodes];
            for (int e = 0; e < episodes; e++)
            {
                var (observation, info) = env.Reset(e == 0 ? seed : null);
                ReadMask(info);
                while (true)
                {
                    var result = env.Step(agent.Predict<TObs, TAct>(observation, deterministic, mask));
                    returns[e] += result.Reward;
                    lengths[e]++;
                    if (result.Done) break;
                    observation = result.Observation;
                    ReadMask(result.Info);
                }
            }
            return new EvaluationResult(returns, lengths);

            void ReadMask(IReadOnlyDictionary<string, object> info)
            {
                if (width == 0) return;
                if (provider is not null) provider.WriteActionMask(mask);
                else if (info.TryGetValue("action_mask", out var value)) ActionMasks.Copy(value, mask);
                else Array.Fill(mask, (byte)1); // all legal unless the env says otherwise
            }
        }
    }

    // ---- checkpoints ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes a checkpoint atomically (see <see cref="CheckpointFile"/>): weights, optimizer, generators, normalisers,
    /// counters and, when the vector env supports snapshots, its whole state, so that <c>Load</c> continues the
    /// run bit for bit. <paramref name="includeEnvState"/> = false leaves the env state out.
    /// </summary>
    public void Save(string path, bool includeEnvState = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckpointFile.Write(path, this, includeEnvState && CanSnapshotEnvs);
    }

    /// <summary>Whether the vector env can snapshot its state (<see cref="IVectorEnv.SupportsStateSnapshot"/>).</summary>
    public bool CanSnapshotEnvs => Runner.Env.SupportsStateSnapshot;

    /// <summary>
    /// Rebuilds the agent a checkpoint describes (algorithm and config from its header; <paramref name="adjustConfig"/>
    /// may change settings that do not affect the saved state, e.g. the device) on the vector env
    /// <paramref name="makeEnvs"/> builds for that config, and restores its state. When the file holds the env state
    /// the envs continue exactly where they were (bit-identical resume); otherwise they start fresh episodes. Fails with
    /// a clear message on a missing, corrupt, older- or newer-format or mismatching file.
    /// </summary>
    public static Agent Load(string path, Func<AgentConfig, IVectorEnv> makeEnvs, Func<AgentConfig, AgentConfig>? adjustConfig = null,
        PolicyNetworkFactory? policyNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnvs);
        var checkpoint = CheckpointFile.Read(path);
        var config = checkpoint.Config;
        if (adjustConfig is not null) config = adjustConfig(config);
        var agent = Create(config, makeEnvs(config), policyNetwork);
        try
        {
            agent.Restore(checkpoint);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="Load(string, Func{AgentConfig, IVectorEnv}, Func{AgentConfig, AgentConfig}?, PolicyNetworkFactory?)"/>, on <c>num_envs</c> synchronous copies from <paramref name="envFactory"/>.</summary>
    public static Agent Load(string path, Func<IEnv> envFactory, Func<AgentConfig, AgentConfig>? adjustConfig = null)
    {
        ArgumentNullException.ThrowIfNull(envFactory);
        return Load(path, config => MakeEnvs(envFactory, config), adjustConfig);
    }

    /// <summary>Loads a checkpoint's state into this agent (same algorithm, spaces and network shape).</summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Restore(CheckpointFile.Read(path));
    }

    /// <summary>Builds the agent for <paramref name="config"/>'s algorithm on <paramref name="envs"/> (which it then owns).</summary>
    public static Agent Create(AgentConfig config, IVectorEnv envs, PolicyNetworkFactory? policyNetwork = null) => config switch
    {
        PpoConfig ppo => new Ppo(envs, ppo, policyNetwork),
        A2CConfig a2c => new A2C(envs, a2c, policyNetwork),
        ReinforceConfig reinforce => new Reinforce(envs, reinforce, policyNetwork),
        _ => throw new ArgumentException($"Unknown config type {config.GetType().Name}."),
    };

    /// <summary>
    /// Builds the agent on <c>num_envs</c> copies from <paramref name="envFactory"/>, stepped synchronously or on
    /// threads (<paramref name="mode"/>). For a registered env's native batch use
    /// <c>Create(config, Gym.MakeVec(id, num_envs, VectorizationMode.Native))</c>.
    /// </summary>
    public static Agent Create(AgentConfig config, Func<IEnv> envFactory, VectorizationMode mode = VectorizationMode.Sync, PolicyNetworkFactory? policyNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (mode == VectorizationMode.Native)
            throw new ArgumentException("VectorizationMode.Native needs a registered env id, not a factory: pass Gym.MakeVec(id, num_envs, VectorizationMode.Native).", nameof(mode));
        return Create(config, MakeEnvs(envFactory, config, mode), policyNetwork);
    }

    private void Restore(Checkpoint checkpoint)
    {
        checkpoint.EnsureMatches(this);
        checkpoint.RestoreInto(this);
        bool exact = checkpoint.RestoreEnvs(this);
        // No env snapshot: start fresh episodes, seeded from the run's seed and progress so resumes differ from the start.
        if (!exact) Runner.Reset(Config.Seed + GlobalStep);
        OnEnvsRestored(exact);
    }

    /// <summary>Called after a checkpoint was loaded: <paramref name="exact"/> when the envs continue where they were, else they were just reset.</summary>
    private protected virtual void OnEnvsRestored(bool exact) { }

    internal void RestoreCounters(long globalStep, long updates, long episodes, double seconds, long? stepsToThreshold, double? secondsToThreshold, IEnumerable<double> recentReturns)
    {
        GlobalStep = globalStep;
        Updates = updates;
        Episodes = episodes;
        TrainingSeconds = seconds;
        StepsToThreshold = stepsToThreshold;
        SecondsToThreshold = secondsToThreshold;
        _recentReturns.Clear();
        foreach (var r in recentReturns) _recentReturns.Enqueue(r);
    }

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
        Runner.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the algorithm's own tensors (rollout buffers).</summary>
    protected virtual void Dispose(bool disposing) { }
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
