namespace DotGym.Envs.ClassicControl;

/// <summary>When a batched env starts a new episode in a sub-env whose episode ended (Gymnasium's <c>AutoresetMode</c>).</summary>
public enum BatchAutoreset
{
    /// <summary>
    /// Gymnasium's default: the step that ends an episode returns its last observation; the NEXT step ignores that
    /// env's action, resets it and returns the reset observation with reward 0 and both flags false.
    /// </summary>
    NextStep,

    /// <summary>
    /// The step that ends an episode resets the env at once and returns the reset observation, with that step's
    /// reward and flags; the episode's last observation goes to <c>FinalObservations</c> (flagged in <c>HasFinal</c>).
    /// </summary>
    SameStep,
}
