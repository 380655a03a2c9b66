using DotGym.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents;

/// <summary>
/// REINFORCE (Williams 1992), Monte-Carlo policy gradient:
/// <list type="number">
/// <item>Each update plays exactly ONE whole episode in each of the <c>num_envs</c> env copies (an env that finished
/// waits for the others), so the batch is on-policy and not biased towards short episodes.</item>
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
    private readonly float[] _hostActions;

    /// <summary>REINFORCE on <paramref name="config"/>.NumEnvs copies made by <paramref name="envFactory"/> (the agent disposes them).</summary>
    public Reinforce(Func<IEnv> envFactory, ReinforceConfig? config = null) : this(MakeEnvs(envFactory, config ?? new ReinforceConfig()), config ?? new ReinforceConfig()) { }

    /// <summary>REINFORCE on one env (num_envs must be 1: one episode per update; the agent disposes the env).</summary>
    public Reinforce(IEnv env, ReinforceConfig? config = null) : this([env], config ?? new ReinforceConfig { NumEnvs = 1 }) { }

    private Reinforce(IReadOnlyList<IEnv> envs, ReinforceConfig config) : base(config, envs)
    {
        _config = config;
        _hostActions = new float[Pool.Count * Layout.ActionWidth];
    }

    public override string Algorithm => "reinforce";

    private protected override bool UsesCritic => ((ReinforceConfig)Config).UseBaseline;

    private protected override void RunIteration(LearnContext context)
    {
        using var iterationScope = NewDisposeScope();
        var c = _config;
        int n = Pool.Count, width = Layout.ActionWidth, maskWidth = Pool.MaskWidth;
        double learningRate = AnnealLearningRate(context);

        // Envs whose last episode ended still show its final observation: autoreset them (not a transition).
        for (int i = 0; i < n; i++)
            if (Pool.NeedsReset(i)) Pool.StepOne(i, _hostActions.AsSpan(i * width, width));

        // ---- Play one whole episode per env ---------------------------------------------------------------------------
        var observations = new List<float>[n];
        var actions = new List<float>[n];
        var masks = new List<byte>[n];
        var rewards = new List<double>[n];
        var truncated = new bool[n];
        var finalObservations = new float[n * ObsDim];
        var active = new bool[n];
        for (int i = 0; i < n; i++)
        {
            observations[i] = []; actions[i] = []; masks[i] = []; rewards[i] = [];
            active[i] = true;
        }
        int running = n;
        while (running > 0)
        {
            using var stepScope = NewDisposeScope();
            var obs = ObservationBatch(active);
            var mask = MaskBatch();
            using (no_grad()) Policy.Sample(obs, mask, SampleGenerator).Actions.cpu().data<float>().CopyTo(_hostActions);
            var stepped = (bool[])active.Clone();
            for (int i = 0; i < n; i++)
            {
                if (!active[i]) continue;
                observations[i].AddRange(LastObservationBatch.Slice(i * ObsDim, ObsDim));
                actions[i].AddRange(_hostActions.AsSpan(i * width, width));
                masks[i].AddRange(Pool.Masks.AsSpan(i * maskWidth, maskWidth));
                Pool.StepOne(i, _hostActions.AsSpan(i * width, width));
            }
            AfterEnvStep(context, stepped);
            for (int i = 0; i < n; i++)
            {
                if (!stepped[i]) continue;
                rewards[i].Add(StepRewards[i]);
                if (Pool.Terminated[i] || Pool.Truncated[i])
                {
                    active[i] = false;
                    running--;
                    truncated[i] = Pool.Truncated[i] && !Pool.Terminated[i];
                    Pool.Observations.AsSpan(i * ObsDim, ObsDim).CopyTo(finalObservations.AsSpan(i * ObsDim));
                }
            }
        }

        // ---- Reward-to-go, bootstrapped with V(final observation) for truncated episodes when a baseline exists ------
        var bootstrap = new float[n];
        if (Policy.HasCritic && truncated.Any(t => t))
        {
            NormalizeWithoutUpdate(finalObservations, n);
            using (no_grad()) Policy.Value(tensor(finalObservations, [n, ObsDim], device: Device)).cpu().data<float>().CopyTo(bootstrap);
        }
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
        var bObs = tensor(observations.SelectMany(o => o).ToArray(), [total, ObsDim], device: Device);
        var bActions = tensor(actions.SelectMany(a => a).ToArray(), [total, width], device: Device);
        var bMasks = maskWidth == 0 ? null : tensor(masks.SelectMany(m => m).ToArray(), [total, maskWidth], device: Device);
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
