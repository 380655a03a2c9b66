namespace DotGym.Experiments.Throughput.Cases;

/// <summary>Builds <c>*/single</c> cases: one raw env at a time, the per-step cost of an env the caller makes.</summary>
public static class SingleEnvCases
{
    /// <summary>The description every single-env case shares.</summary>
    public const string How = "raw env (no wrappers), pre-sampled random actions, reset on episode end";

    /// <summary>A case stepping a fresh env from <paramref name="make"/> (no wrappers) with pre-sampled random actions.</summary>
    public static ThroughputCase Create<TObs, TAct>(string name, Func<Env<TObs, TAct>> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        return new(name, How, () => new SingleEnvWorkload<TObs, TAct>(make()));
    }
}
