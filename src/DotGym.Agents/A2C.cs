using DotGym.Agents.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// Synchronous Advantage Actor-Critic (A2C, the synchronous variant of Mnih et al. 2016's A3C), as Stable-Baselines3:
/// <list type="number">
/// <item>N env copies stepped together for <c>n_steps</c>, one batched forward pass per step.</item>
/// <item>Advantages by GAE over the rollout; with <c>gae_lambda</c> = 1 (default) these are the bootstrapped
/// n-step returns minus V(s). Terminated episodes bootstrap 0, truncated ones V(final observation).</item>
/// <item>ONE gradient step per rollout on the whole batch: <c>loss = -mean(log pi(a|s) * A) - ent_coef * H
/// + vf_coef * mean((V(s) - R)^2)</c> (SB3's value term: plain MSE, no 1/2).</item>
/// <item>Optional advantage normalisation (<c>norm_adv</c>, off by default), entropy bonus, global gradient clipping.</item>
/// <item>RMSprop (alpha 0.99, eps 1e-5) by default, Adam on request; optional linear learning-rate annealing.</item>
/// <item>Separate actor and critic MLPs with orthogonal init (shared with PPO).</item>
/// </list>
/// </summary>
public sealed class A2C : Agent
{
    private readonly A2CConfig _config;
    private readonly RolloutStorage _rollout;

    /// <summary>A2C on <paramref name="config"/>.NumEnvs copies made by <paramref name="envFactory"/> (the agent disposes them).</summary>
    public A2C(Func<IEnv> envFactory, A2CConfig? config = null) : this(MakeEnvs(envFactory, config ?? new A2CConfig()), config ?? new A2CConfig()) { }

    /// <summary>A2C on one env (num_envs must be 1; the agent disposes the env).</summary>
    public A2C(IEnv env, A2CConfig? config = null) : this([env], config ?? new A2CConfig { NumEnvs = 1 }) { }

    private A2C(IReadOnlyList<IEnv> envs, A2CConfig config) : base(config, envs)
    {
        _config = config;
        _rollout = new RolloutStorage(config.NSteps, Pool.Count, ObsDim, Layout.ActionWidth, Pool.MaskWidth, Device);
    }

    public override string Algorithm => "a2c";

    private protected override OptimizerHelper CreateOptimizer()
    {
        var c = (A2CConfig)Config;
        return c.Optimizer == "adam"
            ? optim.Adam(Policy.parameters(), lr: c.LearningRate, eps: c.AdamEps)
            : optim.RMSProp(Policy.parameters(), lr: c.LearningRate, alpha: 0.99, eps: c.RmspropEps);
    }

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();
        var c = _config;
        int steps = c.NSteps, n = Pool.Count;
        double learningRate = AnnealLearningRate(context);

        // ---- Rollout: n_steps batched steps; the networks run without gradients here ---------------------------------
        for (int t = 0; t < steps; t++)
        {
            using var stepScope = NewDisposeScope();
            var obs = ObservationBatch();
            var mask = MaskBatch();
            Tensor actions, value;
            using (no_grad())
            {
                actions = Policy.Sample(obs, mask, SampleGenerator).Actions;
                value = Policy.Value(obs);
            }
            _rollout.Obs[t].copy_(obs);
            _rollout.Actions[t].copy_(actions);
            _rollout.Values[t].copy_(value);
            if (mask is not null) _rollout.Masks![t].copy_(mask);
            actions.cpu().data<float>().CopyTo(_rollout.HostActions);
            StepEnvs(_rollout.HostActions, context);
            for (int i = 0; i < n; i++)
            {
                int k = t * n + i;
                _rollout.Rewards[k] = StepRewards[i];
                _rollout.Terminated[k] = Pool.Terminated[i];
                _rollout.Truncated[k] = Pool.Truncated[i];
                _rollout.IsTransition[k] = !Pool.WasReset[i]; // next-step autoreset steps are not transitions
            }
        }

        // ---- n-step returns / GAE, bootstrapped with V(s_T) --------------------------------------------------------
        using (no_grad())
            Policy.Value(ObservationBatch(updateStatistics: false)).cpu().data<float>().CopyTo(_rollout.HostLastValues);
        _rollout.Values.cpu().data<float>().CopyTo(_rollout.HostValues);
        Advantages.Gae(_rollout.Rewards, _rollout.HostValues, _rollout.HostLastValues, _rollout.Terminated, _rollout.Truncated, _rollout.IsTransition, n,
            c.Gamma, c.GaeLambda, _rollout.Advantages, _rollout.Returns);

        var keep = new List<long>(steps * n);
        for (int k = 0; k < steps * n; k++) if (_rollout.IsTransition[k]) keep.Add(k);
        if (keep.Count == 0) return;
        var keepHost = keep.ToArray();
        var keptAdvantages = keepHost.Select(k => _rollout.Advantages[k]).ToArray();
        var keptReturns = keepHost.Select(k => _rollout.Returns[k]).ToArray();
        var keptValues = keepHost.Select(k => _rollout.HostValues[k]).ToArray();
        var index = tensor(keepHost, device: Device);
        var bObs = _rollout.Obs.view(-1, ObsDim).index_select(0, index);
        var bActions = _rollout.Actions.view(-1, Layout.ActionWidth).index_select(0, index);
        var bMasks = _rollout.Masks?.view(-1, Pool.MaskWidth).index_select(0, index);
        var advantages = tensor(keptAdvantages, device: Device);
        var returns = tensor(keptReturns, device: Device);
        if (c.NormAdv && keep.Count > 1) advantages = PolicyLosses.Normalize(advantages);

        // ---- One gradient step on the whole batch -------------------------------------------------------------------
        var (logProb, entropy) = Policy.Evaluate(bObs, bMasks, bActions);
        var values = Policy.Value(bObs);
        var policyLoss = PolicyLosses.PolicyGradient(logProb, advantages);
        var valueLoss = (values - returns).square().mean();
        var entropyMean = entropy.mean();
        var loss = policyLoss - c.EntCoef * entropyMean + c.VfCoef * valueLoss;
        Optimizer.zero_grad();
        loss.backward();
        double gradNorm = ClipGradients();
        Optimizer.step();

        var means = stack([policyLoss.detach(), valueLoss.detach(), entropyMean.detach()]).cpu().data<float>().ToArray();
        ReportUpdate(context, new Dictionary<string, double>
        {
            ["policy_loss"] = means[0],
            ["value_loss"] = means[1],
            ["entropy"] = means[2],
            ["explained_variance"] = Advantages.ExplainedVariance(keptValues, keptReturns),
            ["grad_norm"] = gradNorm,
            ["learning_rate"] = learningRate,
            ["batch_size"] = keep.Count,
        });
    }

    protected override void Dispose(bool disposing)
    {
        _rollout.Obs.Dispose();
        _rollout.Actions.Dispose();
        _rollout.Values.Dispose();
        _rollout.Masks?.Dispose();
    }
}
