namespace DotGym.Vector;

/// <summary>
/// When a vector env resets a sub-env whose episode ended (Gymnasium 1.x's <c>AutoresetMode</c>).
/// </summary>
public enum AutoresetMode
{
    /// <summary>
    /// Gymnasium's default: the step that ends an episode returns its final observation as usual; the NEXT
    /// <c>Step</c> ignores that env's action, resets it and returns the reset observation with reward 0 and both flags false.
    /// </summary>
    NextStep,

    /// <summary>
    /// The env is reset within the step that ends its episode: the returned observation is the reset one, while the
    /// final observation and info are kept in <c>FinalObservations</c>/<c>FinalInfos</c>, flagged by <c>HasFinal</c>.
    /// </summary>
    SameStep,

    /// <summary>
    /// No automatic reset: the caller resets finished envs with <c>ResetWhere(mask)</c> before stepping them again.
    /// </summary>
    Disabled,
}
