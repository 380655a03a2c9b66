namespace DotGym.Wrappers;

/// <summary>
/// Scales rewards so that their discounted sum has roughly unit variance (Gymnasium's <c>NormalizeReward</c>): a
/// running discounted return <c>G = G * gamma * (1 - terminated) + r</c> feeds a running variance, and each reward is
/// returned as <c>r / sqrt(var + epsilon)</c> (not centred). Freeze the statistics with
/// <see cref="UpdateRunningMean"/> for evaluation.
/// </summary>
public sealed class NormalizeReward<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly double[] _discountedReturn = new double[1];

    public NormalizeReward(Env<TObs, TAct> env, double gamma = 0.99, double epsilon = 1e-8) : base(env)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0.");
        Gamma = gamma;
        Epsilon = epsilon;
    }

    public double Gamma { get; }
    public double Epsilon { get; }
    /// <summary>The running statistics of the discounted return.</summary>
    public RunningMeanStd<double> ReturnRms { get; } = new(1);
    /// <summary>The running discounted return (not reset between episodes, as in Gymnasium).</summary>
    public double DiscountedReturn => _discountedReturn[0];
    /// <summary>Whether steps update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        // Gymnasium updates the discounted return before the statistics, and keeps it across resets.
        _discountedReturn[0] = _discountedReturn[0] * Gamma * (result.Terminated ? 0 : 1) + result.Reward;
        if (UpdateRunningMean) ReturnRms.Update(_discountedReturn);
        return result with { Reward = result.Reward / ReturnRms.StdWithEpsilon(0, Epsilon) };
    }

    protected override void SaveOwnState(BinaryWriter writer)
    {
        writer.Write(_discountedReturn[0]);
        ReturnRms.SaveState(writer);
    }

    protected override void LoadOwnState(BinaryReader reader)
    {
        _discountedReturn[0] = reader.ReadDouble();
        ReturnRms.LoadState(reader, "NormalizeReward");
    }
}
