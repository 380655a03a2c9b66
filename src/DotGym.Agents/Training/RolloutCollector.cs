using static TorchSharp.torch;

namespace DotGym.Agents.Training;

/// <summary>
/// Fills a <see cref="RolloutStorage"/> with <c>n_steps</c> batched steps of the vector env, the way PPO and A2C
/// both collect: one forward pass per step for all envs (actions sampled with the agent's sample generator, their
/// log-probabilities and V(s) kept), the actions sent to the envs (<c>StepAsync</c>) and, while the envs step, the
/// step's tensors copied into the rollout; then the results are received (<c>StepWait</c>).
/// </summary>
internal static class RolloutCollector
{
    public static void Collect(Agent agent, RolloutStorage rollout, LearnContext context)
    {
        var policy = agent.Policy;
        var runner = agent.Runner;
        int n = rollout.NumEnvs;
        for (int t = 0; t < rollout.Steps; t++)
        {
            using var stepScope = NewDisposeScope();
            agent.ResetNoiseIfDue(t);
            var obs = agent.ObservationBatch();
            var mask = runner.MaskTensor(policy.Device);
            Tensor actions, logProb, value;
            using (no_grad())
            {
                (actions, logProb) = policy.Sample(obs, mask, agent.SampleGenerator);
                value = policy.Value(obs);
            }

            // One host read per step (the actions the envs need); the envs step while the rollout is written.
            runner.Send(actions.cpu());
            rollout.Obs[t].copy_(obs);
            rollout.Actions[t].copy_(actions);
            rollout.LogProbs[t].copy_(logProb);
            rollout.Values[t].copy_(value);
            if (mask is not null) rollout.Masks![t].copy_(mask);
            runner.Receive();
            agent.AfterEnvStep(context);

            for (int i = 0; i < n; i++)
            {
                int k = t * n + i;
                rollout.Rewards[k] = agent.StepRewards[i];
                rollout.Terminated[k] = runner.Terminated[i];
                rollout.Truncated[k] = runner.Truncated[i];
                // Next-step autoreset: a step that only reset the env is not a transition and is left out of the update.
                rollout.IsTransition[k] = !runner.WasReset[i];
            }
        }
    }
}
