using DotGym.Agents.Policies;
using DotGym.Agents.Tensors;
using DotGym.Agents.Training;
using DotGym.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017) with the 13 core implementation details of CleanRL's
/// <c>ppo.py</c> / <c>ppo_continuous_action.py</c> ("The 37 Implementation Details of PPO", Huang et al. 2022).
/// Each detail is marked <c>[n]</c> where it happens:
/// <list type="number">
/// <item>Vectorised envs: one Core vector env of N sub-envs (sync, threaded or a native batch), one batched forward pass per step (<c>RolloutCollector</c>).</item>
/// <item>Orthogonal weight init, zero biases, gains sqrt(2) / 0.01 / 1 (<c>MlpPolicy</c>, the default network).</item>
/// <item>Adam with epsilon 1e-5 (<c>adam_eps</c>).</item>
/// <item>Linear learning-rate annealing to 0 (<c>anneal_lr</c>).</item>
/// <item>Generalised Advantage Estimation (<c>gae_lambda</c>), bootstrapping V(final observation) on truncation.</item>
/// <item>Minibatch updates over shuffled indices for several epochs (<c>num_minibatches</c>, <c>update_epochs</c>).</item>
/// <item>Advantage normalisation per minibatch (<c>norm_adv</c>).</item>
/// <item>Clipped surrogate objective (<c>clip_coef</c>, annealed linearly with <c>anneal_clip_coef</c> as rl-zoo's <c>lin_0.2</c>).</item>
/// <item>Clipped value loss (<c>clip_vloss</c>; off is SB3's default).</item>
/// <item>Entropy bonus (<c>ent_coef</c>), value loss weight (<c>vf_coef</c>).</item>
/// <item>Global gradient-norm clipping (<c>max_grad_norm</c>).</item>
/// <item>Separate actor and critic MLPs (no shared trunk) by default; any <c>IPolicyNetwork</c> can replace them.</item>
/// <item>Debug statistics: approx_kl, old_approx_kl, clipfrac, explained_variance; optional target-KL early stop.</item>
/// </list>
/// Continuous actions: a diagonal Gaussian with a learned state-independent log-std, or with <c>use_sde</c> gSDE's
/// state-dependent noise (SB3's; rl-zoo's Pendulum and MountainCarContinuous presets use it); the sample is clipped to
/// the Box before <c>env.Step</c> when <c>clip_actions</c> is on (as CleanRL's ClipAction wrapper), the unclipped sample is stored.
/// Unlike CleanRL, a truncated episode bootstraps with V(final observation) instead of being treated as terminal.
/// <para>
/// On a tensor env (<see cref="Tensors.ITensorVectorEnv"/>, same-step autoreset) the same algorithm runs on the device
/// (PureJaxRL's shape): the env's observation tensors feed the policy directly, the rollout, GAE, the shuffled
/// minibatches and gradient clipping stay there, and the host reads the losses and the episode statistics once every
/// <see cref="PpoConfig.SummaryEvery"/> updates. Nothing is read back per step (<c>target_kl</c>, when set, reads one
/// number per epoch).
/// </para>
/// </summary>
public sealed class Ppo : Agent
{
    private readonly PpoConfig _config;
    private readonly RolloutStorage? _rollout;      // array vector envs: host results, device tensors
    private readonly DeviceRollout? _deviceRollout; // tensor envs: everything on the device
    private int _updatesSinceSummary;

    /// <summary>PPO on <paramref name="envs"/> (the agent owns and disposes it); num_envs must match its sub-envs.</summary>
    public Ppo(IVectorEnv envs, PpoConfig? config = null, PolicyNetworkFactory? policyNetwork = null)
        : base(config ?? new PpoConfig { NumEnvs = envs?.NumEnvs ?? 1 }, envs!, policyNetwork)
    {
        _config = (PpoConfig)Config;
        if (TensorEnv is { } tensorEnv)
        {
            // The policy samples valid indices, so the env need not check them (a check would read the device each step).
            tensorEnv.CheckActionValues = false;
            _deviceRollout = new DeviceRollout(_config.NSteps, tensorEnv, Policy);
        }
        else _rollout = new RolloutStorage(_config.NSteps, Runner.NumEnvs, Policy, Runner.MaskWidth);
    }

    /// <summary>PPO on num_envs copies made by <paramref name="envFactory"/>, stepped as <paramref name="mode"/> (the agent disposes them).</summary>
    public Ppo(Func<IEnv> envFactory, PpoConfig? config = null, VectorizationMode mode = VectorizationMode.Sync, PolicyNetworkFactory? policyNetwork = null)
        : this(MakeEnvs(envFactory, config ?? new PpoConfig(), mode), config ?? new PpoConfig(), policyNetwork) { }

    /// <summary>PPO on one env (num_envs must be 1; the agent disposes the env).</summary>
    public Ppo(IEnv env, PpoConfig? config = null) : this(OneEnv(env), config ?? new PpoConfig { NumEnvs = 1 }) { }

    public override string Algorithm => "ppo";

    private protected override bool SupportsTensorEnvs => true;

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();

        // [4] Learning-rate annealing: lr = learning_rate * (1 - steps done / budget).
        double learningRate = AnnealLearningRate(context);
        // [8] The clip coefficient follows the same linear schedule when anneal_clip_coef (rl-zoo's lin_0.2).
        double clipCoef = _config.ClipCoef * (_config.AnnealClipCoef ? RemainingFraction(context) : 1.0);
        if (_deviceRollout is not null)
        {
            RunDeviceIteration(context, learningRate, clipCoef);
            return;
        }
        var phase = System.Diagnostics.Stopwatch.StartNew();

        // [1] Rollout: n_steps batched steps of the N envs (actions, log-probs and values kept).
        RolloutCollector.Collect(this, _rollout!, context);

        double rolloutSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        if (UpdateFromRollout(clipCoef) is not { } metrics) return;
        metrics["learning_rate"] = learningRate;
        metrics["clip_coef"] = clipCoef;
        metrics["rollout_seconds"] = rolloutSeconds;
        metrics["update_seconds"] = phase.Elapsed.TotalSeconds;
        ReportUpdate(context, metrics);
    }

    /// <summary>
    /// The update half of an iteration: GAE over the rollout now in the buffers, then the epochs of minibatch
    /// gradient steps. Returns the update's statistics, or null when the rollout holds no transition. Tensors it
    /// makes belong to the caller's dispose scope. Split from <see cref="RunIteration"/> so that
    /// benchmarks/DotGym.Benchmarks (PpoUpdateBenchmarks) can time the update alone, repeatedly on one rollout.
    /// </summary>
    internal Dictionary<string, double>? UpdateFromRollout() => UpdateFromRollout(_config.ClipCoef);

    private Dictionary<string, double>? UpdateFromRollout(double clipCoef)
    {
        var c = _config;
        var r = _rollout ?? throw new InvalidOperationException("UpdateFromRollout is the array-env path; this agent trains on a tensor env.");
        int n = Runner.NumEnvs;

        // [5] GAE on the host (one device read of the values), bootstrapping with V(s_T).
        using (no_grad()) Policy.Value(ObservationBatch(updateStatistics: false)).cpu().data<float>().CopyTo(r.HostLastValues);
        r.Values.cpu().data<float>().CopyTo(r.HostValues);
        Advantages.Gae(r.Rewards, r.HostValues, r.HostLastValues, r.Terminated, r.Truncated, r.IsTransition, n,
            c.Gamma, c.GaeLambda, r.Advantages, r.Returns);

        // Keep only real transitions (autoreset steps dropped), flattened to one batch.
        var keep = r.TransitionIndices();
        int batch = keep.Length;
        if (batch == 0) return null;
        var index = tensor(keep, device: Device);
        var keptAdvantages = keep.Select(k => r.Advantages[k]).ToArray();
        var keptReturns = keep.Select(k => r.Returns[k]).ToArray();
        var keptValues = keep.Select(k => r.HostValues[k]).ToArray();
        var minibatches = new MinibatchSource(
            r.Obs.flatten(0, 1).index_select(0, index), r.Actions.flatten(0, 1).index_select(0, index),
            r.LogProbs.flatten(0, 1).index_select(0, index), r.Values.flatten(0, 1).index_select(0, index),
            r.Masks?.flatten(0, 1).index_select(0, index), tensor(keptAdvantages, device: Device), tensor(keptReturns, device: Device));

        var (sums, minibatchCount, epochsRun) = RunEpochs(minibatches, batch, clipCoef, onDevice: false);
        var means = (sums / minibatchCount).cpu().data<float>().ToArray();
        return Metrics(means, Advantages.ExplainedVariance(keptValues, keptReturns), epochsRun, batch);
    }

    /// <summary>One iteration on a tensor env: rollout, GAE and update on the device; a host read every summary_every updates.</summary>
    private void RunDeviceIteration(LearnContext context, double learningRate, double clipCoef)
    {
        var c = _config;
        var r = _deviceRollout!;
        r.Collect(Policy, SampleGenerator);
        GlobalStep += (long)r.Steps * r.NumEnvs; // same-step autoreset: every step is a transition

        // [5] GAE on the device; a truncated episode bootstraps with V(its final observation).
        Tensor advantages, returns;
        using (no_grad())
        {
            var lastValues = Policy.Value(r.Env.Observations).unsqueeze(0);
            var finalValues = Policy.Value(r.FinalObs.flatten(0, 1)).view(r.Steps, r.NumEnvs);
            var nextValues = cat([r.Values.narrow(0, 1, r.Steps - 1), lastValues], 0);
            nextValues = where(r.Truncated.to(ScalarType.Bool), finalValues, nextValues);
            var done = r.Terminated.maximum(r.Truncated);
            (advantages, returns) = Advantages.Gae(r.Rewards, r.Values, nextValues, r.Terminated, done, c.Gamma, c.GaeLambda);
        }
        int batch = r.Steps * r.NumEnvs;
        var values = r.Values.flatten(0, 1);
        var flatReturns = returns.flatten(0, 1);
        var minibatches = new MinibatchSource(r.Obs.flatten(0, 1), r.Actions.flatten(0, 1), r.LogProbs.flatten(0, 1), values,
            null, advantages.flatten(0, 1), flatReturns);
        var (sums, minibatchCount, epochsRun) = RunEpochs(minibatches, batch, clipCoef, onDevice: true);

        if (++_updatesSinceSummary < c.SummaryEvery)
        {
            CountUpdate();
            return;
        }
        // The one host read: losses, explained variance and the episodes finished since the last read.
        var explained = 1 - (flatReturns - values).var(unbiased: false) / flatReturns.var(unbiased: false);
        var read = cat([(sums / minibatchCount).to(ScalarType.Float64), explained.to(ScalarType.Float64).unsqueeze(0),
            stack([r.EpisodeCounts.sum(), r.EpisodeReturnSums.sum(), r.EpisodeLengthSums.sum()])]).cpu().data<double>().ToArray();
        long episodes = (long)read[7];
        if (episodes >= Math.Max(1, context.Callbacks.RewardWindow))
        {
            RecordEpisodeWindow(context, episodes, read[8] / episodes, read[9] / episodes);
            r.EpisodeCounts.zero_();
            r.EpisodeReturnSums.zero_();
            r.EpisodeLengthSums.zero_();
        }
        _updatesSinceSummary = 0;
        var metrics = Metrics(read.Take(6).Select(v => (float)v).ToArray(), read[6], epochsRun, batch);
        metrics["learning_rate"] = learningRate;
        metrics["clip_coef"] = clipCoef;
        ReportUpdate(context, metrics);
    }

    /// <summary>The flattened batch an update draws its minibatches from (all on the device).</summary>
    private sealed record MinibatchSource(Tensor Obs, Tensor Actions, Tensor LogProbs, Tensor Values, Tensor? Masks, Tensor Advantages, Tensor Returns)
    {
        /// <summary>Every tensor's rows in <paramref name="order"/>: one gather per tensor and epoch, then minibatches are views.</summary>
        public MinibatchSource Permute(Tensor order) => new(Obs.index_select(0, order), Actions.index_select(0, order),
            LogProbs.index_select(0, order), Values.index_select(0, order), Masks?.index_select(0, order),
            Advantages.index_select(0, order), Returns.index_select(0, order));
    }

    /// <summary>
    /// [6] The epochs of shuffled minibatch gradient steps, for both paths. Returns the summed statistics (a device
    /// tensor: pg, v, entropy, old_kl, kl, clipfrac), the number of minibatches and of epochs run. With
    /// <paramref name="onDevice"/> the shuffle and the gradient clipping stay on the device.
    /// </summary>
    private (Tensor Sums, int Minibatches, int Epochs) RunEpochs(MinibatchSource source, int batch, double clipCoef, bool onDevice)
    {
        var c = _config;
        int minibatchSize = (batch + c.NumMinibatches - 1) / c.NumMinibatches;
        var sums = zeros(6, dtype: ScalarType.Float32, device: Device); // pg, v, entropy, old_kl, kl, clipfrac
        int minibatches = 0, epochsRun = 0;
        for (int epoch = 0; epoch < c.UpdateEpochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            epochsRun++;
            var permutation = onDevice
                ? randperm(batch, generator: ShuffleGenerator, device: Device)
                : randperm(batch, generator: ShuffleGenerator).to(Device);
            var shuffled = source.Permute(permutation);
            double lastApproxKl = 0;
            for (int start = 0; start < batch; start += minibatchSize)
            {
                using var minibatchScope = NewDisposeScope();
                int size = Math.Min(minibatchSize, batch - start);
                var mbObs = shuffled.Obs.narrow(0, start, size);
                var (newLogProb, entropy) = Policy.Evaluate(mbObs, shuffled.Masks?.narrow(0, start, size), shuffled.Actions.narrow(0, start, size));
                var newValue = Policy.Value(mbObs);

                // Probability ratio of the new and the rollout policy.
                var logRatio = newLogProb - shuffled.LogProbs.narrow(0, start, size);
                var ratio = logRatio.exp();

                // [13] Debug statistics: KL estimators and the fraction of clipped ratios.
                Tensor oldApproxKl, approxKl, clipFraction;
                using (no_grad())
                {
                    oldApproxKl = (-logRatio).mean();
                    approxKl = PolicyLosses.ApproxKl(logRatio);
                    clipFraction = PolicyLosses.ClipFraction(ratio, clipCoef);
                }

                // [7] Advantage normalisation per minibatch (skipped for a single sample, whose std is undefined).
                var mbAdvantages = shuffled.Advantages.narrow(0, start, size);
                if (c.NormAdv && size > 1) mbAdvantages = PolicyLosses.Normalize(mbAdvantages);

                // [8] Clipped surrogate objective.
                var policyLoss = PolicyLosses.ClippedSurrogate(ratio, mbAdvantages, clipCoef);

                // [9] Value loss, clipped around the rollout's predictions when clip_vloss.
                var mbReturns = shuffled.Returns.narrow(0, start, size);
                var valueLoss = c.ClipVloss
                    ? PolicyLosses.ClippedValueLoss(newValue, shuffled.Values.narrow(0, start, size), mbReturns, clipCoef)
                    : PolicyLosses.ValueLoss(newValue, mbReturns);

                // [10] Entropy bonus and value weight in one loss.
                var entropyMean = entropy.mean();
                var loss = policyLoss - c.EntCoef * entropyMean + c.VfCoef * valueLoss;

                Optimizer.zero_grad();
                loss.backward();
                // [11] global gradient-norm clipping
                if (onDevice) ClipGradientsOnDevice();
                else ClipGradients();
                Optimizer.step();

                sums.add_(stack([policyLoss.detach(), valueLoss.detach(), entropyMean.detach(), oldApproxKl, approxKl, clipFraction]));
                minibatches++;
                if (c.TargetKl is not null && start + minibatchSize >= batch) lastApproxKl = approxKl.item<float>();
            }
            // [13] Optional early stop once the policy moved too far (CleanRL checks after each epoch).
            if (c.TargetKl is { } targetKl && lastApproxKl > targetKl) break;
        }
        return (sums, minibatches, epochsRun);
    }

    private static Dictionary<string, double> Metrics(float[] means, double explainedVariance, int epochs, int batch) => new()
    {
        ["policy_loss"] = means[0],
        ["value_loss"] = means[1],
        ["entropy"] = means[2],
        ["old_approx_kl"] = means[3],
        ["approx_kl"] = means[4],
        ["clipfrac"] = means[5],
        ["explained_variance"] = explainedVariance,
        ["epochs"] = epochs,
        ["batch_size"] = batch,
    };

    protected override void Dispose(bool disposing)
    {
        _rollout?.Dispose();
        _deviceRollout?.Dispose();
    }
}
