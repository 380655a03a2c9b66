namespace DotGym.Runtime;

/// <summary>How the network's output becomes an action.</summary>
public enum ActionHeadKind : byte
{
    /// <summary><c>Discrete(n)</c>: n logits, the action is the most likely index (plus the space's start).</summary>
    Discrete = 0,
    /// <summary><c>MultiDiscrete(nvec)</c>: the logits of every component concatenated; one index per component.</summary>
    MultiDiscrete = 1,
    /// <summary>A float <c>Box</c>: the output is the Gaussian mean, optionally clipped to the bounds.</summary>
    Continuous = 2,
    /// <summary>
    /// A float <c>Box</c> trained with gSDE (use_sde): the output is the Gaussian mean, as <see cref="Continuous"/>;
    /// the std of dimension j depends on the features f the last layer reads:
    /// <c>sqrt(sum_k f_k^2 exp(2 L[k, j]) + 1e-6)</c>, with L the <c>[features x dims]</c> log-std matrix.
    /// </summary>
    StateDependentContinuous = 3,
}

/// <summary>
/// The action distribution behind the network: categorical per component (<see cref="ActionHeadKind.Discrete"/>,
/// <see cref="ActionHeadKind.MultiDiscrete"/>) or a diagonal Gaussian with a state-independent log-std
/// (<see cref="ActionHeadKind.Continuous"/>) or gSDE's state-dependent one (<see cref="ActionHeadKind.StateDependentContinuous"/>). Acting deterministically takes the mode (argmax, or the mean clipped to
/// the Box as the agents' <c>clip_actions</c> does); sampling draws from the distribution.
/// </summary>
public sealed class ActionHead
{
    /// <summary>
    /// The logit an illegal action gets (the agents' <c>Categorical.MaskedLogit</c>, CleanRL's invalid-action masking):
    /// the argmax and the sampling of a fully masked component behave as in training.
    /// </summary>
    public const float MaskedLogit = -1e8f;

    /// <summary>Added to gSDE's variance, as in training (the agents' <c>StateDependentNoise.VarianceEpsilon</c>).</summary>
    public const double StateDependentVarianceEpsilon = 1e-6;

    private ActionHead(ActionHeadKind kind, int[] choices, int[] starts, double[] low, double[] high, bool clip, float[] logStd, int noiseFeatures = 0)
    {
        NoiseFeatures = noiseFeatures;
        Kind = kind;
        Choices = choices;
        Starts = starts;
        Low = low;
        High = high;
        ClipToBounds = clip;
        LogStd = logStd;
    }

    /// <summary>A <c>Discrete(n, start)</c> action.</summary>
    public static ActionHead Discrete(int n, int start = 0) => Categorical(ActionHeadKind.Discrete, new[] { n }, new[] { start });

    /// <summary>A <c>MultiDiscrete(nvec, start)</c> action (components flattened row-major).</summary>
    public static ActionHead MultiDiscrete(int[] nvec, int[]? starts = null) =>
        Categorical(ActionHeadKind.MultiDiscrete, nvec, starts ?? new int[nvec?.Length ?? 0]);

    /// <summary>
    /// A float <c>Box</c> action: the network outputs the Gaussian mean; <paramref name="clipToBounds"/> clips the
    /// deterministic and sampled action to [<paramref name="low"/>, <paramref name="high"/>] (the agents' clip_actions).
    /// </summary>
    public static ActionHead Continuous(double[] low, double[] high, float[] logStd, bool clipToBounds = true)
    {
        if (low is null || high is null || logStd is null || low.Length == 0 || low.Length != high.Length || low.Length != logStd.Length)
            throw new ArgumentException($"A continuous action needs as many lower bounds, upper bounds and log-stds as dimensions (at least one), got {low?.Length ?? 0}, {high?.Length ?? 0} and {logStd?.Length ?? 0}.");
        CheckBox(low, high, logStd);
        return new ActionHead(ActionHeadKind.Continuous, Array.Empty<int>(), Array.Empty<int>(), low, high, clipToBounds, logStd);
    }

    /// <summary>
    /// A float <c>Box</c> action explored with gSDE: the network outputs the Gaussian mean, and
    /// <paramref name="noiseLogStd"/> is the <c>[features x dims]</c> log-std matrix (row-major) of the noise weights,
    /// <paramref name="features"/> the width of the last layer's input. Clipping as <see cref="Continuous"/>.
    /// </summary>
    public static ActionHead StateDependentContinuous(double[] low, double[] high, float[] noiseLogStd, int features, bool clipToBounds = true)
    {
        if (low is null || high is null || noiseLogStd is null || low.Length == 0 || low.Length != high.Length || features < 1 || noiseLogStd.Length != (long)features * low.Length)
            throw new ArgumentException($"A gSDE action needs as many lower and upper bounds as dimensions (at least one) and a features x dims log-std matrix, got {low?.Length ?? 0} and {high?.Length ?? 0} bounds, {features} features and {noiseLogStd?.Length ?? 0} log-stds.");
        CheckBox(low, high, noiseLogStd);
        return new ActionHead(ActionHeadKind.StateDependentContinuous, Array.Empty<int>(), Array.Empty<int>(), low, high, clipToBounds, noiseLogStd, features);
    }

    private static void CheckBox(double[] low, double[] high, float[] logStd)
    {
        for (int i = 0; i < low.Length; i++)
            if (double.IsNaN(low[i]) || double.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Action dimension {i} has bounds [{low[i]}, {high[i]}]; the lower bound must not exceed the upper one.");
        if (!DenseLayer.AllFinite(logStd)) throw new ArgumentException("A log-std is NaN or infinite: the training diverged. Export an earlier checkpoint.", nameof(logStd));
    }

    private static ActionHead Categorical(ActionHeadKind kind, int[] choices, int[] starts)
    {
        if (choices is null || choices.Length == 0) throw new ArgumentException("A discrete action needs at least one component.", nameof(choices));
        if (starts is null || starts.Length != choices.Length) throw new ArgumentException($"A discrete action needs one start per component: {choices.Length} components, {starts?.Length ?? 0} starts.", nameof(starts));
        foreach (int n in choices)
            if (n < 1) throw new ArgumentException($"Every discrete component needs at least one choice, got {n}.", nameof(choices));
        if (kind == ActionHeadKind.Discrete && choices.Length != 1) throw new ArgumentException("A Discrete action has exactly one component; use MultiDiscrete for more.");
        return new ActionHead(kind, choices, starts, Array.Empty<double>(), Array.Empty<double>(), false, Array.Empty<float>());
    }

    /// <summary>Which distribution.</summary>
    public ActionHeadKind Kind { get; }

    /// <summary>Choices per categorical component (empty for continuous actions).</summary>
    public int[] Choices { get; }

    /// <summary>The space's start per categorical component: action = start + index.</summary>
    public int[] Starts { get; }

    /// <summary>Lower bound per continuous dimension (may be -infinity).</summary>
    public double[] Low { get; }

    /// <summary>Upper bound per continuous dimension (may be +infinity).</summary>
    public double[] High { get; }

    /// <summary>Whether continuous actions are clipped to [<see cref="Low"/>, <see cref="High"/>].</summary>
    public bool ClipToBounds { get; }

    /// <summary>
    /// The Gaussian's log standard deviation per dimension (used when sampling), or with gSDE the noise weights'
    /// <c>[NoiseFeatures x dims]</c> log-std matrix, row-major. Read on every call.
    /// </summary>
    public float[] LogStd { get; }

    /// <summary>gSDE (<see cref="ActionHeadKind.StateDependentContinuous"/>): the width of the features the std depends on; 0 otherwise.</summary>
    public int NoiseFeatures { get; }

    /// <summary>Whether actions are indices (<see cref="ActionHeadKind.Discrete"/> or <see cref="ActionHeadKind.MultiDiscrete"/>).</summary>
    public bool IsDiscrete => Kind is ActionHeadKind.Discrete or ActionHeadKind.MultiDiscrete;

    /// <summary>Numbers in one action: 1 for Discrete, one per component for MultiDiscrete, the Box size.</summary>
    public int ActionLength => IsDiscrete ? Choices.Length : Low.Length;

    /// <summary>Width of the network output this head reads: all logits, or the mean.</summary>
    public int InputWidth
    {
        get
        {
            if (!IsDiscrete) return Low.Length;
            int sum = 0;
            foreach (int n in Choices) sum += n;
            return sum;
        }
    }

    /// <summary>
    /// The most likely index (0-based) of every component of <paramref name="logits"/>, skipping illegal actions when
    /// <paramref name="mask"/> (1 = legal, one entry per logit) is given. Ties go to the lowest index, as
    /// <c>torch.argmax</c>; a component with no legal action gets index 0, as training's masked argmax does.
    /// </summary>
    public void ArgMax(ReadOnlySpan<float> logits, ReadOnlySpan<byte> mask, Span<int> indices)
    {
        int offset = 0;
        for (int c = 0; c < Choices.Length; c++)
        {
            int n = Choices[c], best = 0;
            float bestValue = float.NegativeInfinity;
            for (int k = 0; k < n; k++)
            {
                float v = mask.IsEmpty || mask[offset + k] != 0 ? logits[offset + k] : MaskedLogit;
                if (v > bestValue || k == 0)
                {
                    bestValue = v;
                    best = k;
                }
            }
            indices[c] = best;
            offset += n;
        }
    }

    /// <summary>Clips a continuous action to the bounds when <see cref="ClipToBounds"/> (in float64, as the agents' decoder).</summary>
    public void Clip(Span<float> action)
    {
        if (!ClipToBounds) return;
        for (int i = 0; i < action.Length; i++) action[i] = (float)Math.Clamp(action[i], Low[i], High[i]);
    }
}
