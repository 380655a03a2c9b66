using DotGym.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017) with the 13 core implementation details of CleanRL's
/// <c>ppo.py</c> / <c>ppo_continuous_action.py</c> ("The 37 Implementation Details of PPO", Huang et al. 2022).
/// Each detail is marked <c>[n]</c> where it happens:
/// <list type="number">
/// <item>Vectorised envs: N copies, one batched forward pass per step (<c>Agent.ObservationBatch</c>).</item>
/// <item>Orthogonal weight init, zero biases, gains sqrt(2) / 0.01 / 1 (<c>ActorCritic</c>).</item>
/// <item>Adam with epsilon 1e-5 (<c>adam_eps</c>).</item>
/// <item>Linear learning-rate annealing to 0 (<c>anneal_lr</c>).</item>
/// <item>Generalised Advantage Estimation (<c>gae_lambda</c>), bootstrapping V(final observation) on truncation.</item>
/// <item>Minibatch updates over shuffled indices for several epochs (<c>num_minibatches</c>, <c>update_epochs</c>).</item>
/// <item>Advantage normalisation per minibatch (<c>norm_adv</c>).</item>
/// <item>Clipped surrogate objective (<c>clip_coef</c>).</item>
/// <item>Clipped value loss (<c>clip_vloss</c>).</item>
/// <item>Entropy bonus (<c>ent_coef</c>), value loss weight (<c>vf_coef</c>).</item>
/// <item>Global gradient-norm clipping (<c>max_grad_norm</c>).</item>
/// <item>Separate actor and critic MLPs (no shared trunk).</item>
/// <item>Debug statistics: approx_kl, old_approx_kl, clipfrac, explained_variance; optional target-KL early stop.</item>
/// </list>
/// Continuous actions: a diagonal Gaussian with a learned state-independent log-std; the sample is clipped to the Box
/// before <c>env.Step</c> when <c>clip_actions</c> is on (as CleanRL's ClipAction wrapper), the unclipped sample is stored.
/// Unlike CleanRL, a truncated episode bootstraps with V(final observation) instead of being treated as terminal.
/// </summary>
public sealed class Ppo : Agent
{
    private readonly PpoConfig _config;

    // Rollout storage (device tensors time-major [n_steps, num_envs, ...]; host arrays at t * num_envs + i),
    // plus PPO's own: the log-probs of the behaviour policy, for the probability ratio.
    private readonly RolloutStorage _rollout;
    private readonly Tensor _logProbs;

    /// <summary>PPO on <paramref name="config"/>.NumEnvs copies made by <paramref name="envFactory"/> (the agent disposes them).</summary>
    public Ppo(Func<IEnv> envFactory, PpoConfig? config = null) : this(MakeEnvs(envFactory, config ?? new PpoConfig()), config ?? new PpoConfig()) { }

    /// <summary>PPO on one env (num_envs must be 1; the agent disposes the env).</summary>
    public Ppo(IEnv env, PpoConfig? config = null) : this([env], config ?? new PpoConfig { NumEnvs = 1 }) { }

    private Ppo(IReadOnlyList<IEnv> envs, PpoConfig config) : base(config, envs)
    {
        _config = config;
        _rollout = new RolloutStorage(config.NSteps, Pool.Count, ObsDim, Layout.ActionWidth, Pool.MaskWidth, Device);
        _logProbs = zeros([config.NSteps, Pool.Count], dtype: ScalarType.Float32, device: Device);
    }

    public override string Algorithm => "ppo";

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();
        var c = _config;
        int steps = c.NSteps, n = Pool.Count;

        // [4] Learning-rate annealing: lr = learning_rate * (1 - steps done / budget).
        double learningRate = AnnealLearningRate(context);
        var phase = System.Diagnostics.Stopwatch.StartNew();

        // ---- Rollout: n_steps batched steps of the N envs [1] -------------------------------------------------------
        for (int t = 0; t < steps; t++)
        {
            using var stepScope = NewDisposeScope();
            var obs = ObservationBatch();
            var mask = MaskBatch();
            Tensor actions, logProb, value;
            using (no_grad())
            {
                (actions, logProb) = Policy.Sample(obs, mask, SampleGenerator);
                value = Policy.Value(obs);
            }
            _rollout.Obs[t].copy_(obs);
            _rollout.Actions[t].copy_(actions);
            _logProbs[t].copy_(logProb);
            _rollout.Values[t].copy_(value);
            if (mask is not null) _rollout.Masks![t].copy_(mask);

            // One host read per step: the actions the envs need.
            actions.cpu().data<float>().CopyTo(_rollout.HostActions);
            StepEnvs(_rollout.HostActions, context);
            for (int i = 0; i < n; i++)
            {
                int k = t * n + i;
                _rollout.Rewards[k] = StepRewards[i];
                _rollout.Terminated[k] = Pool.Terminated[i];
                _rollout.Truncated[k] = Pool.Truncated[i];
                // Next-step autoreset: a step that only reset the env is not a transition and is left out of the update.
                _rollout.IsTransition[k] = !Pool.WasReset[i];
            }
        }

        double rolloutSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        if (UpdateFromRollout() is not { } metrics) return;
        metrics["learning_rate"] = learningRate;
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
    internal Dictionary<string, double>? UpdateFromRollout()
    {
        var c = _config;
        int steps = c.NSteps, n = Pool.Count;

        // ---- [5] GAE on the host (one device read of the values) ----------------------------------------------------
        using (no_grad())
        {
            var lastValues = Policy.Value(ObservationBatch(updateStatistics: false));
            lastValues.cpu().data<float>().CopyTo(_rollout.HostLastValues);
        }
        _rollout.Values.cpu().data<float>().CopyTo(_rollout.HostValues);
        Advantages.Gae(_rollout.Rewards, _rollout.HostValues, _rollout.HostLastValues, _rollout.Terminated, _rollout.Truncated, _rollout.IsTransition, n,
            c.Gamma, c.GaeLambda, _rollout.Advantages, _rollout.Returns);

        // Keep only real transitions (autoreset steps dropped), flattened to a batch.
        var keep = new List<long>(steps * n);
        for (int k = 0; k < steps * n; k++) if (_rollout.IsTransition[k]) keep.Add(k);
        int batch = keep.Count;
        if (batch == 0) return null;
        var keepHost = keep.ToArray();
        var index = tensor(keepHost, device: Device);
        var bObs = _rollout.Obs.view(-1, ObsDim).index_select(0, index);
        var bActions = _rollout.Actions.view(-1, Layout.ActionWidth).index_select(0, index);
        var bLogProbs = _logProbs.view(-1).index_select(0, index);
        var bValues = _rollout.Values.view(-1).index_select(0, index);
        var bMasks = _rollout.Masks?.view(-1, Pool.MaskWidth).index_select(0, index);
        var keptAdvantages = new float[batch];
        var keptReturns = new float[batch];
        var keptValues = new float[batch];
        for (int j = 0; j < batch; j++)
        {
            keptAdvantages[j] = _rollout.Advantages[keepHost[j]];
            keptReturns[j] = _rollout.Returns[keepHost[j]];
            keptValues[j] = _rollout.HostValues[keepHost[j]];
        }
        var bAdvantages = tensor(keptAdvantages, device: Device);
        var bReturns = tensor(keptReturns, device: Device);

        // ---- [6] Epochs of shuffled minibatches ---------------------------------------------------------------------
        int minibatchSize = (batch + c.NumMinibatches - 1) / c.NumMinibatches;
        var sums = zeros(6, dtype: ScalarType.Float32, device: Device); // pg, v, entropy, old_kl, kl, clipfrac
        int minibatches = 0, epochsRun = 0;
        for (int epoch = 0; epoch < c.UpdateEpochs; epoch++)
        {
            epochsRun++;
            var permutation = randperm(batch, generator: ShuffleGenerator).to(Device);
            double lastApproxKl = 0;
            for (int start = 0; start < batch; start += minibatchSize)
            {
                using var minibatchScope = NewDisposeScope();
                var mb = permutation.narrow(0, start, Math.Min(minibatchSize, batch - start));
                var mbObs = bObs.index_select(0, mb);
                var (newLogProb, entropy) = Policy.Evaluate(mbObs, bMasks?.index_select(0, mb), bActions.index_select(0, mb));
                var newValue = Policy.Value(mbObs);

                // Probability ratio of the new and the rollout policy.
                var logRatio = newLogProb - bLogProbs.index_select(0, mb);
                var ratio = logRatio.exp();

                // [13] Debug statistics: KL estimators and the fraction of clipped ratios.
                Tensor oldApproxKl, approxKl, clipFraction;
                using (no_grad())
                {
                    oldApproxKl = (-logRatio).mean();
                    approxKl = PolicyLosses.ApproxKl(logRatio);
                    clipFraction = PolicyLosses.ClipFraction(ratio, c.ClipCoef);
                }

                // [7] Advantage normalisation per minibatch (skipped for a single sample, whose std is undefined).
                var mbAdvantages = bAdvantages.index_select(0, mb);
                if (c.NormAdv && mb.shape[0] > 1) mbAdvantages = PolicyLosses.Normalize(mbAdvantages);

                // [8] Clipped surrogate objective.
                var policyLoss = PolicyLosses.ClippedSurrogate(ratio, mbAdvantages, c.ClipCoef);

                // [9] Value loss, clipped around the rollout's predictions when clip_vloss.
                var mbReturns = bReturns.index_select(0, mb);
                var valueLoss = c.ClipVloss
                    ? PolicyLosses.ClippedValueLoss(newValue, bValues.index_select(0, mb), mbReturns, c.ClipCoef)
                    : PolicyLosses.ValueLoss(newValue, mbReturns);

                // [10] Entropy bonus and value weight in one loss.
                var entropyMean = entropy.mean();
                var loss = policyLoss - c.EntCoef * entropyMean + c.VfCoef * valueLoss;

                Optimizer.zero_grad();
                loss.backward();
                ClipGradients(); // [11] global gradient-norm clipping
                Optimizer.step();

                sums.add_(stack([policyLoss.detach(), valueLoss.detach(), entropyMean.detach(), oldApproxKl, approxKl, clipFraction]));
                minibatches++;
                if (c.TargetKl is not null && start + minibatchSize >= batch) lastApproxKl = approxKl.item<float>();
            }
            // [13] Optional early stop once the policy moved too far (CleanRL checks after each epoch).
            if (c.TargetKl is { } targetKl && lastApproxKl > targetKl) break;
        }

        var means = (sums / minibatches).cpu().data<float>().ToArray();
        return new Dictionary<string, double>
        {
            ["policy_loss"] = means[0],
            ["value_loss"] = means[1],
            ["entropy"] = means[2],
            ["old_approx_kl"] = means[3],
            ["approx_kl"] = means[4],
            ["clipfrac"] = means[5],
            ["explained_variance"] = Advantages.ExplainedVariance(keptValues, keptReturns),
            ["epochs"] = epochsRun,
            ["batch_size"] = batch,
        };
    }

    protected override void Dispose(bool disposing)
    {
        _rollout.Obs.Dispose();
        _rollout.Actions.Dispose();
        _logProbs.Dispose();
        _rollout.Values.Dispose();
        _rollout.Masks?.Dispose();
    }
}
