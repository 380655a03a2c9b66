using DotGym.Agents.Environments;
using DotGym.Agents.Training;
using DotGym.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// What an agent acts with: the policy network (<see cref="IPolicyNetwork"/>, swappable), the observation format and
/// optional observation normaliser in front of it, and the action distribution behind it (<see cref="ActionLayout"/>:
/// categorical per discrete component, masked where masks are given, or a diagonal Gaussian, optionally with gSDE's
/// state-dependent noise: <see cref="AgentConfig.UseSde"/>, <see cref="ResetNoise"/>). Discrete actions are
/// int64 tensors <c>[B, components]</c>, continuous ones float32 <c>[B, dims]</c>; masks are bool (true = legal).
/// <see cref="Predict{TObs,TAct}"/> acts on one env observation, as a game would.
/// </summary>
public sealed class Policy : IDisposable
{
    private readonly Dictionary<Type, object> _predictCodecs = [];
    private float[] _staging = [];
    private float[] _selectedRows = [];
    private Runtime.RuntimePolicy? _runtime; // Predict's forward pass on the CPU (see PredictWithRuntime)
    private readonly IStateDependentNoiseNetwork? _sdeNetwork;
    private Tensor? _noiseWeights; // gSDE: one [features, actions] matrix per env, drawn by ResetNoise

    internal Policy(IPolicyNetwork network, ObservationFormat observation, ActionLayout layout, Space observationSpace, Space actionSpace,
        ObservationNormalizer? normalizer, bool clipActions, Device device, bool useSde = false)
    {
        if (useSde)
        {
            _sdeNetwork = network as IStateDependentNoiseNetwork ?? throw new ArgumentException(
                $"use_sde = true needs a network that gives its actor's features (IStateDependentNoiseNetwork, as MlpPolicy does); {TypeNames.Of(network.GetType())} does not. Implement it or remove use_sde.");
            var logStd = network.LogStd;
            if (logStd is null || logStd.dim() != 2 || logStd.shape[1] != layout.ActionWidth || logStd.shape[0] < 1)
                throw new ArgumentException($"use_sde = true needs the network's LogStd as a [features, {layout.ActionWidth}] matrix, but {TypeNames.Of(network.GetType())} gives {(logStd is null ? "none" : $"[{string.Join(", ", logStd.shape)}]")}.");
        }
        Network = network;
        Observation = observation;
        Layout = layout;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Normalizer = normalizer;
        ClipActions = clipActions;
        Device = device;
    }

    public IPolicyNetwork Network { get; }
    public ObservationFormat Observation { get; }
    public ActionLayout Layout { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace { get; }
    public Device Device { get; }
    internal ObservationNormalizer? Normalizer { get; }
    internal bool ClipActions { get; }

    /// <summary>Whether Box actions explore with gSDE's state-dependent noise (<see cref="AgentConfig.UseSde"/>).</summary>
    public bool UsesStateDependentNoise => _sdeNetwork is not null;

    /// <summary>Whether the network has a value head.</summary>
    public bool HasCritic => Network.HasCritic;

    /// <summary>The dtype stored actions have: int64 for discrete actions, float32 for Box actions.</summary>
    public ScalarType ActionType => Layout.IsDiscrete ? ScalarType.Int64 : ScalarType.Float32;

    // ---- observations -------------------------------------------------------------------------------------------

    /// <summary>
    /// The first <paramref name="rows"/> host observations as one tensor on the device; float observations are
    /// normalised when normalisation is on, updating the statistics first if <paramref name="updateStatistics"/>.
    /// </summary>
    internal Tensor ToTensor(ObservationBuffer host, int rows, bool updateStatistics)
    {
        var shape = Observation.BatchShape(rows);
        int size = rows * Observation.ItemSize;
        // torch.tensor copies the array, so the host buffers are reused as they are when they hold exactly the rows.
        switch (Observation.Kind)
        {
            case ObservationKind.Index: return tensor(host.Indices!.Length == size ? host.Indices : host.Indices[..size], shape, device: Device);
            case ObservationKind.UInt8: return tensor(host.Bytes!.Length == size ? host.Bytes : host.Bytes[..size], shape, device: Device);
        }
        if (_staging.Length != size) _staging = new float[size];
        host.Floats.AsSpan(0, size).CopyTo(_staging);
        Normalizer?.Apply(_staging, rows, updateStatistics);
        return tensor(_staging, shape, device: Device);
    }

    /// <summary>As <see cref="ToTensor(ObservationBuffer, int, bool)"/>, but only rows flagged in <paramref name="statisticsRows"/> update the statistics.</summary>
    internal Tensor ToTensor(ObservationBuffer host, ReadOnlySpan<bool> statisticsRows)
    {
        if (Normalizer is { } normalizer && Observation.Kind == ObservationKind.Float)
        {
            int d = Observation.ItemSize, rows = 0;
            if (_selectedRows.Length != host.Rows * d) _selectedRows = new float[host.Rows * d];
            for (int i = 0; i < host.Rows; i++)
                if (statisticsRows[i]) host.Floats.AsSpan(i * d, d).CopyTo(_selectedRows.AsSpan(rows++ * d));
            normalizer.Statistics.Update<float>(_selectedRows, rows);
        }
        return ToTensor(host, host.Rows, updateStatistics: false);
    }

    // ---- the action distribution --------------------------------------------------------------------------------

    /// <summary>V(s) per row.</summary>
    public Tensor Value(Tensor observations) => Network.Value(observations);

    /// <summary>
    /// gSDE: draws each of <paramref name="rows"/> envs its noise weights <c>W ~ N(0, exp(log_std)^2)</c> from
    /// <paramref name="generator"/>, which <see cref="Sample(Tensor, Tensor?, Generator)"/> then uses for batches of that many rows, until the next
    /// call. The learners call it at the start of every rollout (and every sde_sample_freq steps). Does nothing without use_sde.
    /// </summary>
    public void ResetNoise(int rows, Generator generator)
    {
        if (_sdeNetwork is null) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _noiseWeights?.Dispose();
        _noiseWeights = StateDependentNoise.SampleWeights(GaussianLogStd(), rows, generator).DetachFromDisposeScope();
    }

    /// <summary>
    /// Samples actions (<see cref="ActionType"/>, <c>[B, ActionWidth]</c>) and returns their log-probabilities <c>[B]</c>.
    /// With gSDE the noise is <c>f(s_i) · W_i</c> with the weights of the last <see cref="ResetNoise"/>, which must
    /// have been for B rows.
    /// </summary>
    public (Tensor Actions, Tensor LogProb) Sample(Tensor observations, Tensor? mask, Generator generator) =>
        Sample(observations, mask, generator, useNoiseWeights: true);

    private (Tensor Actions, Tensor LogProb) Sample(Tensor observations, Tensor? mask, Generator generator, bool useNoiseWeights)
    {
        if (_sdeNetwork is not null)
        {
            var (mean, features) = _sdeNetwork.ActorOutputAndFeatures(observations);
            var rowLogStd = StateDependentNoise.RowLogStd(features, GaussianLogStd());
            Tensor sampled;
            if (!useNoiseWeights) sampled = DiagonalGaussian.Sample(mean, rowLogStd, generator); // one fresh draw, the same distribution
            else if (_noiseWeights is { } weights && weights.shape[0] == mean.shape[0]) sampled = mean + StateDependentNoise.Noise(features, weights);
            else throw new InvalidOperationException(
                $"gSDE sampling of {mean.shape[0]} rows needs noise weights for {mean.shape[0]} rows: call ResetNoise({mean.shape[0]}, generator) first{(_noiseWeights is null ? "" : $" (the last call was for {_noiseWeights.shape[0]})")}.");
            return (sampled, DiagonalGaussian.LogProb(mean, rowLogStd, sampled));
        }
        var output = Network.ActorOutput(observations);
        if (Layout.Kind == ActionKind.DiagonalGaussian)
        {
            var logStd = GaussianLogStd();
            var action = DiagonalGaussian.Sample(output, logStd, generator);
            return (action, DiagonalGaussian.LogProb(output, logStd, action));
        }
        if (Layout.Kind == ActionKind.Categorical)
        {
            var logits = Categorical.Mask(output, mask);
            var index = Categorical.Sample(logits, generator);
            return (index.unsqueeze(-1), Categorical.LogProb(logits, index));
        }
        var indices = new Tensor[Layout.Categories.Length];
        Tensor? logProb = null;
        int offset = 0;
        for (int c = 0; c < indices.Length; c++)
        {
            var logits = Component(output, mask, offset, Layout.Categories[c]);
            indices[c] = Categorical.Sample(logits, generator);
            var lp = Categorical.LogProb(logits, indices[c]);
            logProb = logProb is null ? lp : logProb + lp;
            offset += Layout.Categories[c];
        }
        return (stack(indices, -1), logProb!);
    }

    /// <summary>Log-probabilities <c>[B]</c> and entropies <c>[B]</c> of stored <paramref name="actions"/> under the current policy.</summary>
    public (Tensor LogProb, Tensor Entropy) Evaluate(Tensor observations, Tensor? mask, Tensor actions)
    {
        if (_sdeNetwork is not null)
        {
            var (mean, features) = _sdeNetwork.ActorOutputAndFeatures(observations);
            var rowLogStd = StateDependentNoise.RowLogStd(features, GaussianLogStd());
            return (DiagonalGaussian.LogProb(mean, rowLogStd, actions), DiagonalGaussian.Entropy(mean, rowLogStd));
        }
        var output = Network.ActorOutput(observations);
        if (Layout.Kind == ActionKind.DiagonalGaussian)
        {
            var logStd = GaussianLogStd();
            return (DiagonalGaussian.LogProb(output, logStd, actions), DiagonalGaussian.Entropy(output, logStd));
        }
        if (Layout.Kind == ActionKind.Categorical)
        {
            var logits = Categorical.Mask(output, mask);
            return (Categorical.LogProb(logits, actions.select(-1, 0)), Categorical.Entropy(logits));
        }
        Tensor? logProb = null, entropy = null;
        int offset = 0;
        for (int c = 0; c < Layout.Categories.Length; c++)
        {
            var logits = Component(output, mask, offset, Layout.Categories[c]);
            var lp = Categorical.LogProb(logits, actions.select(-1, c));
            var h = Categorical.Entropy(logits);
            logProb = logProb is null ? lp : logProb + lp;
            entropy = entropy is null ? h : entropy + h;
            offset += Layout.Categories[c];
        }
        return (logProb!, entropy!);
    }

    /// <summary>The deterministic action: the Gaussian mean, or the most likely (legal) index per component.</summary>
    public Tensor Mode(Tensor observations, Tensor? mask)
    {
        var output = Network.ActorOutput(observations);
        if (Layout.Kind == ActionKind.DiagonalGaussian) return output;
        var indices = new Tensor[Layout.Categories.Length];
        int offset = 0;
        for (int c = 0; c < indices.Length; c++)
        {
            indices[c] = Categorical.Mode(Component(output, mask, offset, Layout.Categories[c]));
            offset += Layout.Categories[c];
        }
        return stack(indices, -1);
    }

    private Tensor GaussianLogStd() => Network.LogStd ?? throw new InvalidOperationException(
        $"The policy network {TypeNames.Of(Network.GetType())} gives no LogStd, but the action space {ActionSpace} is a Box (a Gaussian policy needs one).");

    private static Tensor Component(Tensor output, Tensor? mask, int offset, int width) =>
        Categorical.Mask(output.narrow(-1, offset, width), mask?.narrow(-1, offset, width));

    // ---- acting on one observation ------------------------------------------------------------------------------

    /// <summary>
    /// The action for one observation: the distribution's mode when <paramref name="deterministic"/>, otherwise a
    /// sample from <paramref name="generator"/>. <paramref name="actionMask"/> (1 = legal) applies to discrete actions.
    /// Box actions are clipped to the space when clip_actions is on, as in training.
    /// </summary>
    public TAct Predict<TObs, TAct>(TObs observation, bool deterministic = true, ReadOnlySpan<byte> actionMask = default, Generator? generator = null)
    {
        if (ObservationSpace is not Space<TObs> observationSpace)
            throw new ArgumentException($"This policy's observations are {TypeNames.Of(ObservationSpace.ElementType)} ({ObservationSpace}), not {TypeNames.Of<TObs>()}.", nameof(observation));
        if (ActionSpace is not Space<TAct> actionSpace)
            throw new ArgumentException($"This policy's actions are {TypeNames.Of(ActionSpace.ElementType)} ({ActionSpace}), not {TypeNames.Of<TAct>()}.");
        if (!actionMask.IsEmpty && (!Layout.IsDiscrete || actionMask.Length != Layout.ActorOutputWidth))
            throw new ArgumentException($"An action mask needs {Layout.ActorOutputWidth} entries for {ActionSpace} (and applies only to discrete actions); got {actionMask.Length}.", nameof(actionMask));
        if (!deterministic && generator is null) throw new ArgumentNullException(nameof(generator), "Sampling (deterministic: false) needs a generator.");
        var codec = (PredictCodec<TObs, TAct>)(_predictCodecs.TryGetValue(typeof((TObs, TAct)), out var cached)
            ? cached
            : _predictCodecs[typeof((TObs, TAct))] = new PredictCodec<TObs, TAct>(observationSpace, actionSpace, this));
        if (deterministic && Device.type == DeviceType.CPU && RuntimeModels.Supports(this))
            return PredictWithRuntime(codec, observationSpace, observation, actionMask);
        codec.Encoder.WriteOne(observationSpace, observation, codec.Buffer);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var obs = ToTensor(codec.Buffer, 1, updateStatistics: false);
        Tensor? mask = null;
        if (!actionMask.IsEmpty)
        {
            var legal = new bool[actionMask.Length];
            for (int k = 0; k < legal.Length; k++) legal[k] = actionMask[k] != 0;
            mask = tensor(legal, [1, legal.Length], device: Device);
        }
        var action = deterministic ? Mode(obs, mask) : Sample(obs, mask, generator!, useNoiseWeights: false).Actions;
        var result = codec.Decoder.Decode(action.cpu(), 0);
        return result is Array array ? (TAct)array.Clone() : result; // decoders reuse their arrays
    }

    /// <summary>
    /// Deterministic acting on the CPU through the dependency-free runtime (<see cref="Runtime.RuntimePolicy"/>), the
    /// forward pass exported policies run: one forward pass to trust for Predict, Evaluate, play and the shipped game.
    /// The runtime's copy of the parameters and statistics is refreshed from the network on every call, so it never
    /// lags training or a loaded checkpoint.
    /// </summary>
    private TAct PredictWithRuntime<TObs, TAct>(PredictCodec<TObs, TAct> codec, Space<TObs> observationSpace, TObs observation, ReadOnlySpan<byte> actionMask)
    {
        if (_runtime is null) _runtime = new Runtime.RuntimePolicy(RuntimeModels.Build(this, producer: ""));
        else RuntimeModels.Refresh(_runtime.Model, this);
        codec.FlatEncoder.WriteOne(observationSpace, observation, codec.FlatBuffer);
        var output = _runtime.Forward(codec.FlatBuffer.Floats);
        TAct result;
        if (Layout.IsDiscrete)
        {
            _runtime.Model.Head.ArgMax(output, actionMask, codec.Indices);
            for (int c = 0; c < codec.Indices.Length; c++) codec.LongIndices[c] = codec.Indices[c];
            result = codec.Decoder.Decode(codec.LongIndices);
        }
        else result = codec.Decoder.Decode(output);
        return result is Array array ? (TAct)array.Clone() : result; // decoders reuse their arrays
    }

    private sealed class PredictCodec<TObs, TAct>(Space<TObs> observationSpace, Space<TAct> actionSpace, Policy policy)
    {
        public ObservationEncoder<TObs> Encoder { get; } = ObservationEncoder<TObs>.Create(observationSpace, floatsOnly: policy.Observation.Kind == ObservationKind.Float);
        public ObservationBuffer Buffer { get; } = new(policy.Observation, 1);
        public ActionDecoder<TAct> Decoder { get; } = ActionDecoder<TAct>.Create(actionSpace, policy.Layout, policy.ClipActions);

        // The runtime path reads every observation as flat floats (indices one-hot, bytes cast), as exported policies do.
        public ObservationEncoder<TObs> FlatEncoder { get; } = ObservationEncoder<TObs>.Create(observationSpace, floatsOnly: true);
        public ObservationBuffer FlatBuffer { get; } = new(new ObservationFormat(ObservationKind.Float, [policy.Observation.FlatSize]), 1);
        public int[] Indices { get; } = new int[policy.Layout.ActionWidth];
        public long[] LongIndices { get; } = new long[policy.Layout.ActionWidth];
    }

    public void Dispose()
    {
        _noiseWeights?.Dispose();
        Network.Dispose();
    }
}
