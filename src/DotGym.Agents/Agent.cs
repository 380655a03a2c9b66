using System.Diagnostics;
using DotGym.Agents.Checkpoints;
using DotGym.Agents.Environments;
using DotGym.Agents.Policies;
using DotGym.Agents.Training;
using DotGym.Spaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// A policy-gradient learner (<see cref="Ppo"/>, <see cref="A2C"/>, <see cref="Reinforce"/>) over one env or N env
/// copies. <see cref="Learn"/> trains, <see cref="Predict{TObs,TAct}"/> acts, <see cref="Evaluate"/> plays whole
/// episodes, <see cref="Save"/> / <see cref="Load"/> checkpoint everything needed to continue.
/// <para>
/// The envs are stepped in plain C# (<c>EnvPool</c>, next-step autoreset); observations are flattened through each
/// space's <c>Flatten</c> and sent to the network as ONE tensor per step. Runs with the same seed on the CPU repeat
/// bit for bit: env i is reset with seed + i, networks are initialised from a generator seeded with the seed, and
/// action sampling, minibatch shuffling and <c>Predict</c> sampling each use their own seeded generator.
/// </para>
/// </summary>
public abstract class Agent : IDisposable
{
    private readonly Queue<double> _recentReturns = new();
    private const int RecentReturnsKept = 100;
    private float[] _obsStaging = [];
    private object? _predictDecoder;
    private bool[] _doneScratch = [], _skipScratch = [];
    private List<TorchSharp.Modules.Parameter> _parameters = [];
    private bool _disposed;

    private protected Agent(AgentConfig config, IReadOnlyList<IEnv> envs)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(envs);
        List<AgentEnv> agentEnvs;
        try
        {
            config.Validate();
            if (envs.Count != config.NumEnvs)
                throw new ArgumentException($"{config.Algorithm}: num_envs = {config.NumEnvs} but {envs.Count} env(s) were given. Pass an env factory to run several copies.");
            Config = config;
            if (config.TorchThreads > 0) torch.set_num_threads(config.TorchThreads);
            Device = TorchRuntime.ResolveDevice(config.Device);

            // Spaces: every copy must match env 0; the action space decides the distribution.
            var first = envs[0];
            ObservationSpace = first.ObservationSpace;
            ActionSpace = first.ActionSpace;
            for (int i = 1; i < envs.Count; i++)
                if (envs[i].ObservationSpace.ToString() != ObservationSpace.ToString() || envs[i].ActionSpace.ToString() != ActionSpace.ToString())
                    throw new ArgumentException($"Env {i} has spaces {envs[i].ObservationSpace} / {envs[i].ActionSpace} but env 0 has {ObservationSpace} / {ActionSpace}; all copies must be the same env.");
            Layout = ActionLayout.From(ActionSpace);
            CheckActionSpace(Layout);
            if (config.ActionMasks == true && !Layout.IsDiscrete)
                throw new ArgumentException($"{config.Algorithm} config: action_masks = true needs a Discrete or MultiDiscrete action space, but the env's is {ActionSpace}. Remove action_masks or use a discrete env.");
            agentEnvs = envs.Select(e => AgentEnv.Create(e, Layout, config.ClipActions)).ToList();
        }
        catch
        {
            foreach (var env in envs) env.Dispose(); // the agent owns the envs it was given
            throw;
        }

        // Envs: reset env i with seed + i; action masks are used when the envs provide them (or required by config).
        int maskWidth = Layout.IsDiscrete && config.ActionMasks != false ? Layout.ActorOutputWidth : 0;
        Pool = new EnvPool(agentEnvs, maskWidth);
        bool masksFound = Pool.ResetAll(config.Seed);
        if (maskWidth > 0 && !masksFound)
        {
            if (config.ActionMasks == true)
            {
                Pool.Dispose();
                throw new ArgumentException($"{config.Algorithm} config: action_masks = true but the env gives no info[\"action_mask\"] and does not implement IActionMaskProvider.");
            }
            Pool.DisableMasks();
        }
        ObsDim = Pool.ObsDim;
        _obsStaging = new float[Pool.Count * ObsDim];

        // Generators: one per purpose so that changing one use of randomness does not shift the others.
        var initGenerator = new Generator((ulong)config.Seed, torch.CPU);
        SampleGenerator = new Generator((ulong)config.Seed + 1, Device);
        ShuffleGenerator = new Generator((ulong)config.Seed + 2, torch.CPU);
        PredictGenerator = new Generator((ulong)config.Seed + 3, Device);
        Policy = new ActorCritic(ObsDim, Layout, config.HiddenSizes, config.Activation, UsesCritic, config.LogStdInit, initGenerator, Device);
        initGenerator.Dispose();
        Optimizer = CreateOptimizer();
        if (config.NormalizeObservations) ObservationNormalizer = new ObservationNormalizer(ObsDim, config.ClipObservations);
        if (config.NormalizeRewards) RewardNormalizer = new RewardNormalizer(Pool.Count, config.Gamma, config.ClipRewards);
        StepRewards = new double[Pool.Count];
        _doneScratch = new bool[Pool.Count];
        _skipScratch = new bool[Pool.Count];
        _parameters = Policy.parameters().ToList();
    }

    /// <summary>The <c>num_envs</c> env copies (at least one) an algorithm's factory constructor hands to this base.</summary>
    private protected static IEnv[] MakeEnvs(Func<IEnv> factory, AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Enumerable.Range(0, Math.Max(1, config.NumEnvs)).Select(_ => factory()).ToArray();
    }

    /// <summary>The algorithm's short name, as in presets and checkpoints.</summary>
    public abstract string Algorithm { get; }

    public AgentConfig Config { get; }
    public Device Device { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace { get; }
    public ActionLayout Layout { get; }

    /// <summary>Length of a flattened observation (the network's input width).</summary>
    public int ObsDim { get; }

    /// <summary>The env copies being trained on (env i was first reset with seed + i).</summary>
    public IReadOnlyList<IEnv> Envs => Pool.Envs.Select(e => e.Env).ToList();

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

    internal EnvPool Pool { get; }
    internal ActorCritic Policy { get; }
    internal OptimizerHelper Optimizer { get; }
    internal Generator SampleGenerator { get; }
    internal Generator ShuffleGenerator { get; }
    internal Generator PredictGenerator { get; }
    internal ObservationNormalizer? ObservationNormalizer { get; }
    internal RewardNormalizer? RewardNormalizer { get; }

    /// <summary>Rewards of the last env step as the learner sees them (scaled when reward normalisation is on).</summary>
    internal double[] StepRewards { get; }

    /// <summary>Whether the algorithm trains a critic (value function).</summary>
    private protected virtual bool UsesCritic => true;

    /// <summary>Rejects action spaces the algorithm cannot handle (all three handle every supported layout).</summary>
    private protected virtual void CheckActionSpace(ActionLayout layout) { }

    /// <summary>Adam with the configured epsilon; A2C overrides to offer RMSprop.</summary>
    private protected virtual OptimizerHelper CreateOptimizer() =>
        torch.optim.Adam(Policy.parameters(), lr: Config.LearningRate, eps: Config.AdamEps);

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

    /// <summary>The pool's current observations as one [numEnvs, obsDim] float tensor on the device (normalised,
    /// and the running statistics updated, when observation normalisation is on).</summary>
    internal Tensor ObservationBatch(bool updateStatistics = true)
    {
        Pool.Observations.CopyTo(_obsStaging, 0);
        ObservationNormalizer?.Apply(_obsStaging, Pool.Count, updateStatistics);
        return torch.tensor(_obsStaging, [Pool.Count, ObsDim], device: Device);
    }

    /// <summary>As <see cref="ObservationBatch(bool)"/>, but only the envs flagged in <paramref name="statisticsRows"/>
    /// update the normalisation statistics (envs that are idle this step would count their observation twice).</summary>
    internal Tensor ObservationBatch(ReadOnlySpan<bool> statisticsRows)
    {
        if (ObservationNormalizer is { } normalizer)
        {
            int rows = 0;
            for (int i = 0; i < Pool.Count; i++)
                if (statisticsRows[i]) Pool.Observations.AsSpan(i * ObsDim, ObsDim).CopyTo(_obsStaging.AsSpan(rows++ * ObsDim));
            normalizer.Statistics.Update(_obsStaging, rows);
        }
        return ObservationBatch(updateStatistics: false);
    }

    /// <summary>Normalises one or more raw observations in place with the current statistics (no update).</summary>
    internal void NormalizeWithoutUpdate(Span<float> observations, int rows) => ObservationNormalizer?.Apply(observations, rows, update: false);

    /// <summary>The (normalised) observations last sent by <see cref="ObservationBatch(bool)"/>, env-major on the host.</summary>
    internal ReadOnlySpan<float> LastObservationBatch => _obsStaging;

    /// <summary>The pool's current action masks as a [numEnvs, width] uint8 tensor, or null without masks.</summary>
    internal Tensor? MaskBatch() => Pool.MaskWidth == 0 ? null : torch.tensor(Pool.Masks, [Pool.Count, Pool.MaskWidth], device: Device);

    /// <summary>
    /// Sends <paramref name="hostActions"/> (numEnvs x ActionWidth floats) to the envs, fills <see cref="StepRewards"/>
    /// (scaled if reward normalisation is on), counts transitions and reports finished episodes.
    /// </summary>
    internal void StepEnvs(ReadOnlySpan<float> hostActions, LearnContext context)
    {
        Pool.Step(hostActions, Layout.ActionWidth);
        AfterEnvStep(context);
    }

    /// <summary>Bookkeeping after the pool stepped (some or all envs): rewards, step count, episode reports.</summary>
    internal void AfterEnvStep(LearnContext context, ReadOnlySpan<bool> stepped = default)
    {
        Pool.Rewards.CopyTo(StepRewards, 0);
        int transitions = 0;
        for (int i = 0; i < Pool.Count; i++)
            if (!Pool.WasReset[i] && (stepped.IsEmpty || stepped[i])) transitions++;
        if (RewardNormalizer is not null)
        {
            Span<bool> done = _doneScratch, skip = _skipScratch;
            for (int i = 0; i < Pool.Count; i++)
            {
                done[i] = Pool.Terminated[i] || Pool.Truncated[i];
                skip[i] = Pool.WasReset[i] || (!stepped.IsEmpty && !stepped[i]);
            }
            RewardNormalizer.Apply(StepRewards, done, skip);
        }
        GlobalStep += transitions;
        foreach (var (env, episodeReturn, length) in Pool.FinishedEpisodes) RecordEpisode(context, env, episodeReturn, length);
        Pool.FinishedEpisodes.Clear();
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
    /// The action for one observation: the distribution's mode when <paramref name="deterministic"/>, otherwise a
    /// sample from the agent's predict generator (seeded seed + 3). <paramref name="actionMask"/> (1 = legal) applies to
    /// discrete actions. Gaussian actions are clipped to the Box when clip_actions is on, as in training.
    /// </summary>
    public TAct Predict<TObs, TAct>(TObs observation, bool deterministic = true, ReadOnlySpan<byte> actionMask = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ObservationSpace is not Space<TObs> observationSpace)
            throw new ArgumentException($"This agent's observations are {ObservationSpace.ElementType.Name} ({ObservationSpace}), not {typeof(TObs).Name}.", nameof(observation));
        if (ActionSpace is not Space<TAct> actionSpace)
            throw new ArgumentException($"This agent's actions are {ActionSpace.ElementType.Name} ({ActionSpace}), not {typeof(TAct).Name}.");
        var flat = new double[ObsDim];
        observationSpace.Flatten(observation, flat);
        var obs = new float[ObsDim];
        for (int j = 0; j < ObsDim; j++) obs[j] = (float)flat[j];
        var decoder = (ActionDecoder<TAct>)(_predictDecoder ??= ActionDecoder<TAct>.Create(actionSpace, Layout, Config.ClipActions));
        var action = Act(obs, actionMask, deterministic);
        var result = decoder.Decode(action);
        return result is Array array ? (TAct)array.Clone() : result; // decoders reuse their arrays
    }

    private float[] Act(float[] obs, ReadOnlySpan<byte> actionMask, bool deterministic)
    {
        ObservationNormalizer?.Apply(obs, 1, update: false);
        if (!actionMask.IsEmpty && (!Layout.IsDiscrete || actionMask.Length != Layout.ActorOutputWidth))
            throw new ArgumentException($"An action mask needs {Layout.ActorOutputWidth} entries for {ActionSpace} (and applies only to discrete actions); got {actionMask.Length}.", nameof(actionMask));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var obsTensor = torch.tensor(obs, [1, ObsDim], device: Device);
        var mask = actionMask.IsEmpty ? null : torch.tensor(actionMask.ToArray(), [1, actionMask.Length], device: Device);
        var action = deterministic ? Policy.Mode(obsTensor, mask) : Policy.Sample(obsTensor, mask, PredictGenerator).Actions;
        return action.cpu().data<float>().ToArray();
    }

    /// <summary>
    /// Plays <paramref name="episodes"/> whole episodes on <paramref name="env"/> (not one of the training copies: pass
    /// a separate instance) and returns their raw returns. The first reset uses <paramref name="seed"/>, the later ones
    /// continue the env's generator (Gymnasium's evaluation convention). Does not dispose <paramref name="env"/>.
    /// </summary>
    public EvaluationResult Evaluate(IEnv env, int episodes, long? seed = null, bool deterministic = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(env);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "Evaluate needs at least one episode.");
        if (env.ObservationSpace.ToString() != ObservationSpace.ToString() || env.ActionSpace.ToString() != ActionSpace.ToString())
            throw new ArgumentException($"The evaluation env has spaces {env.ObservationSpace} / {env.ActionSpace}, the agent was built for {ObservationSpace} / {ActionSpace}.", nameof(env));
        var agentEnv = AgentEnv.Create(env, Layout, Config.ClipActions);
        var obs = new float[ObsDim];
        var mask = new byte[Pool.MaskWidth];
        Array.Fill(mask, (byte)1); // all legal unless the env says otherwise
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int e = 0; e < episodes; e++)
        {
            agentEnv.Reset(e == 0 ? seed : null, obs, mask);
            while (true)
            {
                var action = Act((float[])obs.Clone(), mask, deterministic);
                var outcome = agentEnv.Step(action, obs, mask, out _);
                returns[e] += outcome.Reward;
                lengths[e]++;
                if (outcome.Done) break;
            }
        }
        return new EvaluationResult(returns, lengths);
    }

    // ---- checkpoints ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes a checkpoint atomically (temporary file, then rename): header (magic, format version, algorithm, spaces,
    /// config, counters), network weights, optimizer state, generator states, normaliser statistics, the env pool's
    /// bookkeeping and, when every env supports <see cref="IEnv.SaveState"/>, the envs' snapshots, so that
    /// <see cref="Load"/> continues the run bit for bit. <paramref name="includeEnvState"/> = false leaves them out.
    /// </summary>
    public void Save(string path, bool includeEnvState = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckpointFile.Write(path, this, includeEnvState && CanSnapshotEnvs ? CaptureEnvState() : null);
    }

    /// <summary>Whether every training env can snapshot its state (<see cref="IEnv.SupportsStateSnapshot"/>).</summary>
    public bool CanSnapshotEnvs => Pool.Envs.All(e => e.Env.SupportsStateSnapshot);

    private byte[] CaptureEnvState()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Pool.Count);
            foreach (var env in Pool.Envs)
            {
                using var one = new MemoryStream();
                using (var envWriter = new BinaryWriter(one, System.Text.Encoding.UTF8, leaveOpen: true)) env.Env.SaveState(envWriter);
                writer.Write((int)one.Length);
                writer.Write(one.GetBuffer(), 0, (int)one.Length);
            }
        }
        return stream.ToArray();
    }

    private void RestoreEnvState(byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state), System.Text.Encoding.UTF8);
        int count = reader.ReadInt32();
        if (count != Pool.Count) throw new InvalidDataException($"The checkpoint holds snapshots of {count} envs but this agent runs {Pool.Count}; use the same num_envs.");
        foreach (var env in Pool.Envs)
        {
            var bytes = reader.ReadBytes(reader.ReadInt32());
            using var envReader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
            env.Env.LoadState(envReader);
        }
    }

    /// <summary>
    /// Rebuilds the agent a checkpoint describes (algorithm and config from its header; <paramref name="adjustConfig"/>
    /// may change settings that do not affect the saved state, e.g. the device) on envs from
    /// <paramref name="envFactory"/>, and restores its state. When the file holds env snapshots the envs continue
    /// exactly where they were (bit-identical resume); otherwise they start fresh episodes, so training continues
    /// correctly but not bit-identically. Fails with a clear message on a missing, corrupt, newer-format or
    /// mismatching file.
    /// </summary>
    public static Agent Load(string path, Func<IEnv> envFactory, Func<AgentConfig, AgentConfig>? adjustConfig = null)
    {
        ArgumentNullException.ThrowIfNull(envFactory);
        var checkpoint = CheckpointFile.Read(path);
        var config = checkpoint.Config;
        if (adjustConfig is not null) config = adjustConfig(config);
        var agent = Create(config, envFactory);
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

    /// <summary>Loads a checkpoint's state into this agent (same algorithm, spaces and network shape).</summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Restore(CheckpointFile.Read(path));
    }

    /// <summary>Builds the agent for <paramref name="config"/>'s algorithm with <c>num_envs</c> envs from the factory.</summary>
    public static Agent Create(AgentConfig config, Func<IEnv> envFactory) => config switch
    {
        PpoConfig ppo => new Ppo(envFactory, ppo),
        A2CConfig a2c => new A2C(envFactory, a2c),
        ReinforceConfig reinforce => new Reinforce(envFactory, reinforce),
        _ => throw new ArgumentException($"Unknown config type {config.GetType().Name}."),
    };

    private void Restore(Checkpoint checkpoint)
    {
        checkpoint.EnsureMatches(this);
        checkpoint.RestoreInto(this);
        if (checkpoint.EnvState is { } envState && CanSnapshotEnvs)
        {
            RestoreEnvState(envState);
            checkpoint.RestorePool(Pool);
        }
        else
        {
            // No env snapshot: start fresh episodes, seeded from the run's seed and progress so resumes differ from the start.
            Pool.ResetAll(Config.Seed + GlobalStep);
        }
    }

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
        Pool.Dispose();
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
