namespace DotGym.Rlhf.Objectives;

/// <summary>The coefficient β of the per-token KL penalty <c>-β (log π − log π_ref)</c>, updated after each PPO batch.</summary>
public interface IKlController
{
    /// <summary>The current coefficient.</summary>
    double Value { get; }

    /// <summary>Tells the controller the batch's mean per-sequence KL and how many sequences it held.</summary>
    void Update(double meanSequenceKl, int sequences);
}

/// <summary>A constant β (TRL's <c>FixedKLController</c>).</summary>
public sealed class FixedKlController : IKlController
{
    /// <param name="value">β, at least 0.</param>
    public FixedKlController(double value)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "The KL coefficient must be a finite number >= 0.");
        Value = value;
    }

    public double Value { get; }
    public void Update(double meanSequenceKl, int sequences) { }
}

/// <summary>
/// Ziegler et al.'s adaptive β, as TRL's <c>AdaptiveKLController</c>: after each batch,
/// <c>β ← β · (1 + clip(KL / target − 1, −0.2, 0.2) · n / horizon)</c>, so β grows when the policy drifts past the KL
/// target and shrinks when it stays below. TRL's defaults: init 0.2, target 6 nats, horizon 10,000 sequences.
/// </summary>
public sealed class AdaptiveKlController : IKlController
{
    private const double MaxProportionalError = 0.2;

    public AdaptiveKlController(double initial = 0.2, double target = 6.0, double horizon = 10_000)
    {
        if (!(initial > 0) || double.IsInfinity(initial)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "The initial KL coefficient must be a finite number > 0.");
        if (!(target > 0) || double.IsInfinity(target)) throw new ArgumentOutOfRangeException(nameof(target), target, "The KL target must be a finite number of nats > 0 (TRL's default is 6).");
        if (!(horizon > 0) || double.IsInfinity(horizon)) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a finite number of sequences > 0 (TRL's default is 10000).");
        Value = initial;
        Target = target;
        Horizon = horizon;
    }

    public double Value { get; private set; }
    public double Target { get; }
    public double Horizon { get; }

    public void Update(double meanSequenceKl, int sequences)
    {
        if (double.IsNaN(meanSequenceKl)) throw new ArgumentException("The measured KL is NaN; the policy's log-probabilities have diverged.", nameof(meanSequenceKl));
        ArgumentOutOfRangeException.ThrowIfNegative(sequences);
        double proportionalError = Math.Clamp(meanSequenceKl / Target - 1, -MaxProportionalError, MaxProportionalError);
        Value *= 1 + proportionalError * sequences / Horizon;
    }
}
