namespace DotGym.Envs.ClassicControl;

/// <summary>
/// The float64 physical state of a classic-control env (Gymnasium's <c>env.unwrapped.state</c>), for tests,
/// planners and replaying recorded situations.
/// </summary>
public interface IPhysicalState
{
    /// <summary>Number of state variables (e.g. 4 for CartPole: x, x_dot, theta, theta_dot).</summary>
    int StateSize { get; }

    /// <summary>A copy of the current state, in Gymnasium's order.</summary>
    double[] GetState();

    /// <summary>
    /// Overwrites the state (like assigning <c>env.unwrapped.state</c> in Gymnasium). Episode bookkeeping such as
    /// CartPole's steps-beyond-terminated counter is left as it is.
    /// </summary>
    void SetState(ReadOnlySpan<double> state);
}
