namespace DotGym.Envs.ToyText;

/// <summary>
/// One possible outcome of taking an action in a state: Gymnasium's <c>P[s][a]</c> entries
/// <c>(prob, next_state, reward, terminated)</c>. Exposed so model-based methods (value iteration, policy
/// iteration) can read the exact dynamics.
/// </summary>
public readonly record struct Transition(double Probability, int NextState, double Reward, bool Terminated);
