using DotGym.Agents.Training;
using DotGym.Agents.Environments;
using DotGym.Agents.Policies;

namespace DotGym.Agents;

// Acting with the trained policy: one observation at a time, or whole evaluation episodes on a separate env.
public abstract partial class Agent
{
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
            int width = agent.MaskWidth;
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
}
