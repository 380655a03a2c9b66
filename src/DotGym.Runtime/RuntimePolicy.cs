namespace DotGym.Runtime;

/// <summary>
/// Acts with a trained policy inside a game: observation span in, action span out, no allocation, no framework.
/// Load a DotGym policy file (<see cref="Load(string)"/>) or wrap a <see cref="PolicyModel"/>. Every call runs the
/// frozen observation normalisation, the MLP (SIMD dot products) and the action head. The instance holds scratch
/// buffers, so it is not thread-safe: give each thread its own (<c>new RuntimePolicy(policy.Model)</c> shares the
/// weights).
/// <code>
/// var policy = RuntimePolicy.Load("lander.dgpolicy");
/// int action = policy.Act(observation);             // Discrete: the most likely action
/// policy.Act(observation, continuousAction);        // Box: the mean, clipped to the bounds
/// </code>
/// </summary>
public sealed class RuntimePolicy
{
    private readonly float[] _normalized, _ping, _pong, _output, _oneHot;
    private readonly int[] _indices;

    /// <summary>A runtime over <paramref name="model"/> (its arrays are used, not copied).</summary>
    public RuntimePolicy(PolicyModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        int max = model.MaxWidth;
        _normalized = new float[model.ObservationWidth];
        _ping = new float[max];
        _pong = new float[max];
        _output = new float[model.Head.InputWidth];
        _oneHot = new float[model.Encoding == ObservationEncoding.OneHotIndex ? model.ObservationWidth : 0];
        _indices = new int[model.Head.IsDiscrete ? model.Head.ActionLength : 0];
    }

    /// <summary>Reads a DotGym policy file (see <see cref="PolicyFile"/>).</summary>
    public static RuntimePolicy Load(string path) => new(PolicyFile.Read(path));

    /// <summary>Reads a DotGym policy file from a stream (an embedded resource, a game asset).</summary>
    public static RuntimePolicy Load(Stream stream) => new(PolicyFile.Read(stream));

    /// <summary>What the policy computes.</summary>
    public PolicyModel Model { get; }

    /// <summary>Float values in one observation (the flattened or one-hot form).</summary>
    public int ObservationLength => Model.ObservationWidth;

    /// <summary>Numbers in one action: ints for discrete heads, floats for continuous ones.</summary>
    public int ActionLength => Model.Head.ActionLength;

    /// <summary>Width of <see cref="Forward(ReadOnlySpan{float})"/>'s output: every logit, or the Gaussian mean.</summary>
    public int OutputLength => Model.Head.InputWidth;

    /// <summary>Whether actions are indices (Discrete, MultiDiscrete) rather than floats (Box).</summary>
    public bool IsDiscrete => Model.Head.IsDiscrete;

    /// <summary>
    /// The network's raw output for one observation: the logits of every categorical component, or the Gaussian
    /// mean (not clipped). The span is the runtime's own buffer, valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> observation) => Forward(observation, out _);

    // The output, and the features the last layer read (gSDE's std depends on them); both are the runtime's buffers.
    private ReadOnlySpan<float> Forward(ReadOnlySpan<float> observation, out ReadOnlySpan<float> features)
    {
        CheckObservation(observation);
        var input = observation;
        if (Model.Normalization is { } normalization)
        {
            normalization.Apply(observation, _normalized);
            input = _normalized;
        }
        var layers = Model.Layers;
        var buffer = _ping;
        for (int k = 0; k < layers.Count - 1; k++)
        {
            DenseMath.Apply(layers[k], input, buffer);
            input = new ReadOnlySpan<float>(buffer, 0, layers[k].Outputs);
            buffer = buffer == _ping ? _pong : _ping;
        }
        DenseMath.Apply(layers[layers.Count - 1], input, _output);
        features = input;
        return _output;
    }

    /// <summary>As <see cref="Forward(ReadOnlySpan{float})"/>, into <paramref name="output"/> (<see cref="OutputLength"/> values).</summary>
    public void Forward(ReadOnlySpan<float> observation, Span<float> output)
    {
        if (output.Length != OutputLength) throw new ArgumentException($"The output needs {OutputLength} values, got {output.Length}.", nameof(output));
        Forward(observation).CopyTo(output);
    }

    /// <summary>
    /// The one-hot form of a <c>Discrete</c> observation, for policies whose observations are indices
    /// (<see cref="ObservationEncoding.OneHotIndex"/>): pass the result to <c>Act</c>. The span is the runtime's own buffer.
    /// </summary>
    public ReadOnlySpan<float> OneHot(int observation)
    {
        if (Model.Encoding != ObservationEncoding.OneHotIndex)
            throw new InvalidOperationException($"This policy reads {ObservationLength} floats, not a Discrete index; pass the observation as floats.");
        int index = observation - Model.ObservationStart;
        if ((uint)index >= (uint)_oneHot.Length)
            throw new ArgumentOutOfRangeException(nameof(observation), observation, $"The policy's observations are {Model.ObservationStart} to {Model.ObservationStart + _oneHot.Length - 1}.");
        Array.Clear(_oneHot, 0, _oneHot.Length);
        _oneHot[index] = 1;
        return _oneHot;
    }

    /// <summary>The most likely action of a <c>Discrete</c> policy.</summary>
    public int Act(ReadOnlySpan<float> observation) => Act(observation, default(ReadOnlySpan<byte>));

    /// <summary>The most likely legal action of a <c>Discrete</c> policy; <paramref name="actionMask"/> has 1 for legal actions.</summary>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<byte> actionMask)
    {
        if (Model.Head.Kind != ActionHeadKind.Discrete)
            throw new InvalidOperationException($"This policy's actions are {Describe()}; use Act(observation, Span<{(IsDiscrete ? "int" : "float")}>).");
        Act(observation, _indices, actionMask);
        return _indices[0];
    }

    /// <summary>The most likely action (one value per component, the space's start added) of a Discrete or MultiDiscrete policy.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<int> action) => Act(observation, action, default);

    /// <summary>As <see cref="Act(ReadOnlySpan{float}, Span{int})"/>, choosing only legal actions (<paramref name="actionMask"/>: 1 = legal, one entry per logit).</summary>
    public void Act(ReadOnlySpan<float> observation, Span<int> action, ReadOnlySpan<byte> actionMask)
    {
        var head = Model.Head;
        CheckDiscrete(action.Length, actionMask.Length);
        head.ArgMax(Forward(observation), actionMask, action);
        for (int c = 0; c < action.Length; c++) action[c] += head.Starts[c];
    }

    /// <summary>The deterministic action of a Box policy: the Gaussian mean, clipped to the bounds when the agent clipped actions.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        CheckContinuous(action.Length);
        Forward(observation).CopyTo(action);
        Model.Head.Clip(action);
    }

    /// <summary>
    /// A sampled action of a Discrete or MultiDiscrete policy (softmax of the logits; illegal actions never drawn when
    /// <paramref name="actionMask"/> is given). Stochastic acting, for variety in games; the draws come from
    /// <paramref name="random"/>, not from training's generators.
    /// </summary>
    public void Sample(ReadOnlySpan<float> observation, Span<int> action, Random random, ReadOnlySpan<byte> actionMask = default)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        var head = Model.Head;
        CheckDiscrete(action.Length, actionMask.Length);
        var logits = Forward(observation);
        int offset = 0;
        for (int c = 0; c < action.Length; c++)
        {
            int n = head.Choices[c];
            float max = float.NegativeInfinity;
            for (int k = 0; k < n; k++) max = Math.Max(max, Logit(logits, actionMask, offset + k));
            double total = 0;
            for (int k = 0; k < n; k++) total += Math.Exp(Logit(logits, actionMask, offset + k) - max);
            double u = random.NextDouble() * total, cumulative = 0;
            int chosen = n - 1;
            for (int k = 0; k < n; k++)
            {
                cumulative += Math.Exp(Logit(logits, actionMask, offset + k) - max);
                if (u < cumulative) { chosen = k; break; }
            }
            action[c] = head.Starts[c] + chosen;
            offset += n;
        }
    }

    /// <summary>
    /// A sampled action of a Box policy: <c>mean + std * N(0, 1)</c>, clipped as <see cref="Act(ReadOnlySpan{float}, Span{float})"/>.
    /// The std is <c>exp(log_std)</c>, or for a gSDE policy <c>sqrt(f^2 · exp(2 L) + 1e-6)</c> of the features f the
    /// last layer read (see <see cref="ActionHeadKind.StateDependentContinuous"/>): each call a fresh draw from the
    /// policy's distribution, as the agents' stochastic <c>Predict</c> does.
    /// </summary>
    public void Sample(ReadOnlySpan<float> observation, Span<float> action, Random random)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        CheckContinuous(action.Length);
        var head = Model.Head;
        var mean = Forward(observation, out var features);
        var logStd = head.LogStd;
        for (int i = 0; i < action.Length; i++)
        {
            double std;
            if (head.Kind == ActionHeadKind.StateDependentContinuous)
            {
                double variance = ActionHead.StateDependentVarianceEpsilon;
                for (int k = 0; k < features.Length; k++)
                    variance += (double)features[k] * features[k] * Math.Exp(2.0 * logStd[k * action.Length + i]);
                std = Math.Sqrt(variance);
            }
            else std = Math.Exp(logStd[i]);
            // Box-Muller: two uniforms in (0, 1] and [0, 1) give one standard normal.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            action[i] = (float)(mean[i] + std * normal);
        }
        head.Clip(action);
    }

    private static float Logit(ReadOnlySpan<float> logits, ReadOnlySpan<byte> mask, int k) =>
        mask.IsEmpty || mask[k] != 0 ? logits[k] : ActionHead.MaskedLogit;

    private void CheckObservation(ReadOnlySpan<float> observation)
    {
        if (observation.Length != Model.ObservationWidth)
            throw new ArgumentException(
                $"The policy reads {Model.ObservationWidth} observation values{(Model.ObservationSpace.Length > 0 ? $" ({Model.ObservationSpace})" : "")}, got {observation.Length}. " +
                (Model.Encoding == ObservationEncoding.OneHotIndex ? "Pass policy.OneHot(observation) for a Discrete observation." : "Pass the observation flattened to floats, row-major."),
                nameof(observation));
    }

    private void CheckDiscrete(int actionLength, int maskLength)
    {
        var head = Model.Head;
        if (!head.IsDiscrete) throw new InvalidOperationException($"This policy's actions are {Describe()}; pass a Span<float> for them.");
        if (actionLength != head.ActionLength)
            throw new ArgumentException($"The action needs {head.ActionLength} value{(head.ActionLength == 1 ? "" : "s")} ({Describe()}), got a span of {actionLength}.", "action");
        if (maskLength != 0 && maskLength != head.InputWidth)
            throw new ArgumentException($"An action mask needs one entry per logit, {head.InputWidth}, got {maskLength}.", "actionMask");
    }

    private void CheckContinuous(int actionLength)
    {
        var head = Model.Head;
        if (head.IsDiscrete) throw new InvalidOperationException($"This policy's actions are {Describe()}; pass a Span<int> for them.");
        if (actionLength != head.ActionLength)
            throw new ArgumentException($"The action needs {head.ActionLength} values ({Describe()}), got a span of {actionLength}.", "action");
    }

    private string Describe() => Model.ActionSpace.Length > 0 ? Model.ActionSpace : Model.Head.Kind.ToString();
}
