using DotGym.Agents.Policies;
using DotGym.Agents.Training;
using DotGym.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// REINFORCE (Williams 1992), Monte-Carlo policy gradient:
/// <list type="number">
/// <item>Each update plays exactly ONE whole episode in each of the <c>num_envs</c> sub-envs, all started together, so
/// the batch is on-policy and not biased towards short episodes. The vector env steps every sub-env every step: a
/// sub-env whose episode already ended keeps stepping, but those steps are not part of the update and its unfinished
/// next episode is reset (<c>ResetWhere</c>) when the next update starts.</item>
/// <item>Reward-to-go: <c>G_t = r_t + gamma * G_{t+1}</c> within each episode. A terminated episode ends with G = 0;
/// a truncated one (time limit) bootstraps with V(final observation) when the baseline is on, else 0.</item>
/// <item>Optional learned baseline (<c>use_baseline</c>): a critic V(s) fitted to G by <c>vf_coef * 0.5 * mean((V - G)^2)</c>;
/// the policy weights become <c>G_t - V(s_t)</c> (V detached).</item>
/// <item>Optional return normalisation (<c>normalize_returns</c>): the weights are standardised over the batch.</item>
/// <item>Loss <c>-mean(log pi(a_t|s_t) * weight_t) - ent_coef * H</c>, one gradient step per batch, optional
/// gradient clipping and learning-rate annealing.</item>
/// </list>
/// Actions are sampled without gradients during play; log-probs are recomputed in one batched pass at the update.
/// </summary>
public sealed class Reinforce : Agent
{
    private readonly ReinforceConfig _config;
    // True while every sub-env is at the start of an episode (right after a reset); false after any update.
    private bool _envsFresh = true;

    /// <summary>REINFORCE on <paramref name="envs"/> (the agent owns and disposes it); num_envs must match its sub-envs.</summary>
    public Reinforce(IVectorEnv envs, ReinforceConfig? config = null, PolicyNetworkFactory? policyNetwork = null)
        : base(config ?? new ReinforceConfig { NumEnvs = envs?.NumEnvs ?? 1 }, envs!, policyNetwork)
    {
        _config = (ReinforceConfig)Config;
    }

    /// <summary>REINFORCE on num_envs copies made by <paramref name="envFactory"/>, stepped as <paramref name="mode"/> (the agent disposes them).</summary>
    public Reinforce(Func<IEnv> envFactory, ReinforceConfig? config = null, VectorizationMode mode = VectorizationMode.Sync, PolicyNetworkFactory? policyNetwork = null)
        : this(MakeEnvs(envFactory, config ?? new ReinforceConfig(), mode), config ?? new ReinforceConfig(), policyNetwork) { }

    /// <summary>REINFORCE on one env (num_envs must be 1: one episode per update; the agent disposes the env).</summary>
    public Reinforce(IEnv env, ReinforceConfig? config = null) : this(OneEnv(env), config ?? new ReinforceConfig { NumEnvs = 1 }) { }

    public override string Algorithm => "reinforce";

    private protected override bool UsesCritic => ((ReinforceConfig)Config).UseBaseline;

    // A checkpoint with the env state continues mid-run (the envs are where the last update left them); without it
    // the envs were just reset.
    private protected override void OnEnvsRestored(bool exact) => _envsFresh = !exact || Updates == 0;

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();
        var c = _config;
        int n = Runner.NumEnvs, maskWidth = Runner.MaskWidth;
        double learningRate = AnnealLearningRate(context);

        // Every sub-env starts a fresh episode (after the first update all are reset: their last episode ended, or
        // their next one was cut off).
        if (!_envsFresh) Runner.ResetWhere(Enumerable.Repeat(true, n).ToArray());

        // ---- Play one whole episode per sub-env -------------------------------------------------------------------
        // Per step: the whole batch's tensors, and which sub-envs were still in their episode (their rows are kept).
        var stepObs = new List<Tensor>();
        var stepActions = new List<Tensor>();
        var stepMasks = new List<Tensor>();
        var kept = new List<long>[n];
        var rewards = new List<double>[n];
        var truncated = new bool[n];
        for (int i = 0; i < n; i++) { kept[i] = []; rewards[i] = []; }
        var finalObservations = new ObservationBuffer(Policy.Observation, n);
        var active = new bool[n];
        Array.Fill(active, true);
        int running = n;
        while (running > 0)
        {
            using var stepScope = NewDisposeScope();
            var obs = ObservationBatch(active);
            var mask = Runner.MaskTensor(Device);
            Tensor actions;
            ResetNoiseIfDue(stepObs.Count);
            using (no_grad()) actions = Policy.Sample(obs, mask, SampleGenerator).Actions.cpu();
            var stepped = (bool[])active.Clone();
            int t = stepObs.Count;
            stepObs.Add(obs.MoveToOuterDisposeScope());
            stepActions.Add(actions.MoveToOuterDisposeScope());
            if (mask is not null) stepMasks.Add(mask.MoveToOuterDisposeScope());
            for (int i = 0; i < n; i++) if (active[i]) kept[i].Add((long)t * n + i);
            Runner.Step(actions);
            AfterEnvStep(context, stepped);
            for (int i = 0; i < n; i++)
            {
                if (!stepped[i]) continue;
                rewards[i].Add(StepRewards[i]);
                if (Runner.Terminated[i] || Runner.Truncated[i])
                {
                    active[i] = false;
                    running--;
                    truncated[i] = Runner.Truncated[i] && !Runner.Terminated[i];
                    Runner.Observations.CopyRow(i, finalObservations, i);
                }
            }
        }
        _envsFresh = false;

        // ---- Reward-to-go, bootstrapped with V(final observation) for truncated episodes when a baseline exists ------
        var bootstrap = new float[n];
        if (Policy.HasCritic && truncated.Contains(true))
            using (no_grad()) Policy.Value(Policy.ToTensor(finalObservations, n, updateStatistics: false)).cpu().data<float>().CopyTo(bootstrap);
        int total = rewards.Sum(r => r.Count);
        var returns = new double[total];
        int offset = 0;
        for (int i = 0; i < n; i++)
        {
            var episodeRewards = rewards[i].ToArray();
            Advantages.DiscountedReturns(episodeRewards, c.Gamma, truncated[i] ? bootstrap[i] : 0, returns.AsSpan(offset, episodeRewards.Length));
            offset += episodeRewards.Length;
        }

        // ---- One gradient step on the batch of episodes ---------------------------------------------------------------
        // Episode-major rows (sub-env 0's episode, then sub-env 1's, ...), as the returns above.
        var index = tensor(kept.SelectMany(k => k).ToArray(), device: Device);
        var bObs = stack(stepObs).flatten(0, 1).index_select(0, index);
        var bActions = stack(stepActions).to(Device).flatten(0, 1).index_select(0, index);
        var bMasks = maskWidth == 0 ? null : stack(stepMasks).flatten(0, 1).index_select(0, index);
        var bReturns = tensor(returns.Select(r => (float)r).ToArray(), device: Device);
        var (logProb, entropy) = Policy.Evaluate(bObs, bMasks, bActions);

        Tensor weights = bReturns, valueLoss = zeros(1, device: Device).squeeze();
        float[]? predicted = null;
        if (Policy.HasCritic)
        {
            // Learned baseline: the critic regresses G; the policy weighs log-probs by G - V(s).
            var values = Policy.Value(bObs);
            valueLoss = 0.5 * (values - bReturns).square().mean();
            weights = bReturns - values.detach();
            predicted = values.detach().cpu().data<float>().ToArray();
        }
        if (c.NormalizeReturns && total > 1) weights = PolicyLosses.Normalize(weights);
        var policyLoss = PolicyLosses.PolicyGradient(logProb, weights);
        var entropyMean = entropy.mean();
        var loss = policyLoss - c.EntCoef * entropyMean + c.VfCoef * valueLoss;
        Optimizer.zero_grad();
        loss.backward();
        ClipGradients();
        Optimizer.step();

        var means = stack([policyLoss.detach(), valueLoss.detach(), entropyMean.detach()]).cpu().data<float>().ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["policy_loss"] = means[0],
            ["entropy"] = means[2],
            ["learning_rate"] = learningRate,
            ["batch_size"] = total,
            ["episodes"] = n,
        };
        if (predicted is not null)
        {
            metrics["value_loss"] = means[1];
            metrics["explained_variance"] = Advantages.ExplainedVariance(predicted, returns.Select(r => (float)r).ToArray());
        }
        ReportUpdate(context, metrics);
    }
}
