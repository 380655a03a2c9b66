using DotGym.Agents.Policies;
using DotGym.Agents.Training;
using DotGym.Vector;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// Synchronous Advantage Actor-Critic (A2C, the synchronous variant of Mnih et al. 2016's A3C), as Stable-Baselines3:
/// <list type="number">
/// <item>One vector env of N sub-envs stepped together for <c>n_steps</c>, one batched forward pass per step (<c>RolloutCollector</c>, shared with PPO).</item>
/// <item>Advantages by GAE over the rollout; with <c>gae_lambda</c> = 1 (default) these are the bootstrapped
/// n-step returns minus V(s). Terminated episodes bootstrap 0, truncated ones V(final observation).</item>
/// <item>ONE gradient step per rollout on the whole batch: <c>loss = -mean(log pi(a|s) * A) - ent_coef * H
/// + vf_coef * mean((V(s) - R)^2)</c> (SB3's value term: plain MSE, no 1/2).</item>
/// <item>Optional advantage normalisation (<c>norm_adv</c>, off by default), entropy bonus, global gradient clipping.</item>
/// <item>RMSprop (alpha 0.99, eps 1e-5) by default, Adam on request; optional linear learning-rate annealing.</item>
/// <item>Separate actor and critic MLPs with orthogonal init (shared with PPO), or any <c>IPolicyNetwork</c>.</item>
/// </list>
/// </summary>
public sealed class A2C : Agent
{
    private readonly A2CConfig _config;
    private readonly RolloutStorage _rollout;

    /// <summary>A2C on <paramref name="envs"/> (the agent owns and disposes it); num_envs must match its sub-envs.</summary>
    public A2C(IVectorEnv envs, A2CConfig? config = null, PolicyNetworkFactory? policyNetwork = null)
        : base(config ?? new A2CConfig { NumEnvs = envs?.NumEnvs ?? 1 }, envs!, policyNetwork)
    {
        _config = (A2CConfig)Config;
        _rollout = new RolloutStorage(_config.NSteps, Runner.NumEnvs, Policy, Runner.MaskWidth);
    }

    /// <summary>A2C on num_envs copies made by <paramref name="envFactory"/>, stepped as <paramref name="mode"/> (the agent disposes them).</summary>
    public A2C(Func<IEnv> envFactory, A2CConfig? config = null, VectorizationMode mode = VectorizationMode.Sync, PolicyNetworkFactory? policyNetwork = null)
        : this(MakeEnvs(envFactory, config ?? new A2CConfig(), mode), config ?? new A2CConfig(), policyNetwork) { }

    /// <summary>A2C on one env (num_envs must be 1; the agent disposes the env).</summary>
    public A2C(IEnv env, A2CConfig? config = null) : this(OneEnv(env), config ?? new A2CConfig { NumEnvs = 1 }) { }

    public override string Algorithm => "a2c";

    private protected override OptimizerHelper CreateOptimizer()
    {
        var c = (A2CConfig)Config;
        var parameters = Policy.Network.Module.parameters();
        return c.Optimizer == "adam"
            ? optim.Adam(parameters, lr: c.LearningRate, eps: c.AdamEps)
            : optim.RMSProp(parameters, lr: c.LearningRate, alpha: 0.99, eps: c.RmspropEps);
    }

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();
        var c = _config;
        var r = _rollout;
        int n = Runner.NumEnvs;
        double learningRate = AnnealLearningRate(context);

        // ---- Rollout: n_steps batched steps; the networks run without gradients here ---------------------------------
        RolloutCollector.Collect(this, r, context);

        // ---- n-step returns / GAE, bootstrapped with V(s_T) --------------------------------------------------------
        using (no_grad()) Policy.Value(ObservationBatch(updateStatistics: false)).cpu().data<float>().CopyTo(r.HostLastValues);
        r.Values.cpu().data<float>().CopyTo(r.HostValues);
        Advantages.Gae(r.Rewards, r.HostValues, r.HostLastValues, r.Terminated, r.Truncated, r.IsTransition, n,
            c.Gamma, c.GaeLambda, r.Advantages, r.Returns);

        var keep = r.TransitionIndices();
        if (keep.Length == 0) return;
        var keptAdvantages = keep.Select(k => r.Advantages[k]).ToArray();
        var keptReturns = keep.Select(k => r.Returns[k]).ToArray();
        var keptValues = keep.Select(k => r.HostValues[k]).ToArray();
        var index = tensor(keep, device: Device);
        var bObs = r.Obs.flatten(0, 1).index_select(0, index);
        var bActions = r.Actions.flatten(0, 1).index_select(0, index);
        var bMasks = r.Masks?.flatten(0, 1).index_select(0, index);
        var advantages = tensor(keptAdvantages, device: Device);
        var returns = tensor(keptReturns, device: Device);
        if (c.NormAdv && keep.Length > 1) advantages = PolicyLosses.Normalize(advantages);

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
            ["batch_size"] = keep.Length,
        });
    }

    protected override void Dispose(bool disposing) => _rollout.Dispose();
}
