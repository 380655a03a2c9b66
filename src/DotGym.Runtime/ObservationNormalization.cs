namespace DotGym.Runtime;

/// <summary>
/// The agents' running observation normalisation, frozen at export:
/// <c>clip((x - mean) / sqrt(var + epsilon), -clip, clip)</c>, computed in float64 and rounded to float32, exactly as
/// the agents' <c>ObservationNormalizer</c> does (so an exported policy sees the numbers training saw).
/// </summary>
public sealed class ObservationNormalization
{
    /// <summary>Checks that the statistics are finite, the variances non-negative, and epsilon and clip positive.</summary>
    public ObservationNormalization(double[] mean, double[] variance, double epsilon, double clip)
    {
        if (mean is null || variance is null || mean.Length == 0 || mean.Length != variance.Length)
            throw new ArgumentException($"Observation normalisation needs one mean and one variance per observation value, got {mean?.Length ?? 0} and {variance?.Length ?? 0}.");
        foreach (double m in mean)
            if (double.IsNaN(m) || double.IsInfinity(m)) throw new ArgumentException("An observation mean is NaN or infinite: the statistics are broken. Export an earlier checkpoint.", nameof(mean));
        foreach (double v in variance)
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException("An observation variance is negative, NaN or infinite: the statistics are broken. Export an earlier checkpoint.", nameof(variance));
        if (!(epsilon > 0) || double.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a positive number.");
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be positive (infinity: no clipping).");
        Mean = mean;
        Variance = variance;
        Epsilon = epsilon;
        Clip = clip;
    }

    /// <summary>Running mean per observation value. Read on every call.</summary>
    public double[] Mean { get; }

    /// <summary>Running variance per observation value. Read on every call.</summary>
    public double[] Variance { get; }

    /// <summary>Added to the variance before the square root (1e-8 in the agents).</summary>
    public double Epsilon { get; }

    /// <summary>Normalised values are clipped to <c>[-Clip, Clip]</c>.</summary>
    public double Clip { get; }

    /// <summary>Normalises <paramref name="source"/> into <paramref name="destination"/> (same length as <see cref="Mean"/>).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        var mean = Mean;
        var variance = Variance;
        for (int j = 0; j < mean.Length; j++)
        {
            double scale = 1.0 / Math.Sqrt(variance[j] + Epsilon);
            destination[j] = (float)Math.Clamp((source[j] - mean[j]) * scale, -Clip, Clip);
        }
    }
}
