using System.Runtime.InteropServices;
using DotGym.Agents.Policies;
using DotGym.Snapshots;
using DotGym.Spaces;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Environments;

/// <summary>
/// The agents' only way to step envs: a Core vector env (<see cref="IVectorEnv{TObs,TAct}"/>: sync, threaded, native
/// SIMD, remote...) behind one vector-level <see cref="RecordVectorEpisodeStatistics{TObs,TAct}"/>, seen as host rows
/// of the policy's <see cref="ObservationFormat"/>, action masks, rewards and flags. Network actions go in as a host
/// tensor (int64 indices or float32 values) and are decoded to the env's action type per sub-env.
/// <para>
/// Next-step autoreset (Gymnasium's default) is required: the step after an episode ends only resets that sub-env;
/// <see cref="WasReset"/> marks it so the learners drop it, and the final observation reaches the agent as an
/// ordinary observation, which gives V(final observation) for bootstrapping truncated episodes.
/// </para>
/// </summary>
internal abstract class VectorEnvRunner : IDisposable
{
    private protected VectorEnvRunner(int numEnvs, ObservationFormat format, int maskWidth)
    {
        NumEnvs = numEnvs;
        Observations = new ObservationBuffer(format, numEnvs);
        MaskWidth = maskWidth;
        MaskBytes = new byte[numEnvs * maskWidth];
        Array.Fill(MaskBytes, (byte)1);
        Masks = new bool[numEnvs * maskWidth];
        Array.Fill(Masks, true);
    }

    public int NumEnvs { get; }

    /// <summary>The vector env being stepped (behind the statistics wrapper; disposed with the runner).</summary>
    public abstract IVectorEnv Env { get; }

    /// <summary>The observation each sub-env is in now, as policy rows.</summary>
    public ObservationBuffer Observations { get; }

    /// <summary>Entries per sub-env in <see cref="Masks"/> (0 when the envs give no action masks).</summary>
    public int MaskWidth { get; private set; }

    /// <summary>The legal actions in each sub-env's current state (true = legal), env-major.</summary>
    public bool[] Masks { get; }

    private protected byte[] MaskBytes { get; }

    public abstract double[] Rewards { get; }
    public abstract bool[] Terminated { get; }
    public abstract bool[] Truncated { get; }
    /// <summary>The last step of sub-env i was a next-step autoreset, not a transition (its action was ignored, reward 0).</summary>
    public abstract bool[] WasReset { get; }
    /// <summary>Sub-env i finished an episode in the last step; its return and length are in <see cref="EpisodeReturns"/> / <see cref="EpisodeLengths"/>.</summary>
    public abstract bool[] EpisodeEnded { get; }
    public abstract double[] EpisodeReturns { get; }
    public abstract int[] EpisodeLengths { get; }

    /// <summary>Resets every sub-env (sub-env i with seed + i). Returns whether every sub-env provided an action mask.</summary>
    public abstract bool Reset(long? seed);

    /// <summary>Resets the selected sub-envs without reseeding (they start fresh episodes).</summary>
    public abstract void ResetWhere(bool[] mask);

    /// <summary>Sends one action per sub-env (row i of <paramref name="hostActions"/>, on the CPU) and starts the step.</summary>
    public abstract void Send(Tensor hostActions);

    /// <summary>Waits for the step <see cref="Send"/> started and reads its results.</summary>
    public abstract void Receive();

    /// <summary>Steps every sub-env with its action and waits.</summary>
    public void Step(Tensor hostActions)
    {
        Send(hostActions);
        Receive();
    }

    /// <summary>Stops reading masks (the envs turned out not to provide them).</summary>
    public void DisableMasks() => MaskWidth = 0;

    /// <summary>The current masks as a <c>[NumEnvs, MaskWidth]</c> bool tensor, or null without masks.</summary>
    public Tensor? MaskTensor(Device device) => MaskWidth == 0 ? null : tensor(Masks, [NumEnvs, MaskWidth], device: device);

    private protected void StoreMasks()
    {
        for (int k = 0; k < MaskBytes.Length; k++) Masks[k] = MaskBytes[k] != 0;
    }

    /// <summary>The runner's bookkeeping (current observation rows and masks), not the envs' own state.</summary>
    public void WriteState(BinaryWriter writer)
    {
        StateSnapshot.WriteHeader(writer, "VectorEnvRunner");
        writer.Write(NumEnvs);
        writer.Write(MaskWidth);
        writer.Write(Observations.Format.ToString());
        var bytes = StorageBytes();
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(MaskBytes);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(BinaryReader reader)
    {
        StateSnapshot.ReadHeader(reader, "VectorEnvRunner");
        int count = reader.ReadInt32(), maskWidth = reader.ReadInt32();
        string format = reader.ReadString();
        if (count != NumEnvs || maskWidth != MaskWidth || format != Observations.Format.ToString())
            throw new InvalidDataException($"The checkpoint's envs are {count} x {format} (mask {maskWidth}) but this agent has {NumEnvs} x {Observations.Format} (mask {MaskWidth}); use the same num_envs and env.");
        var target = StorageBytes();
        int length = reader.ReadInt32();
        if (length != target.Length) throw new InvalidDataException("The checkpoint's observation rows have the wrong size; it was written for another env.");
        reader.ReadExactly(target);
        reader.ReadExactly(MaskBytes);
        StoreMasks();
    }

    private Span<byte> StorageBytes() => Observations.Format.Kind switch
    {
        ObservationKind.Index => MemoryMarshal.AsBytes(Observations.Indices.AsSpan()),
        ObservationKind.UInt8 => Observations.Bytes.AsSpan(),
        _ => MemoryMarshal.AsBytes(Observations.Floats.AsSpan()),
    };

    public abstract void Dispose();

    /// <summary>
    /// Wraps <paramref name="env"/> (the runner owns it) for a policy with <paramref name="layout"/>;
    /// <paramref name="maskWidth"/> &gt; 0 reads action masks. Fails clearly for envs the agents cannot drive.
    /// </summary>
    public static VectorEnvRunner Create(IVectorEnv env, ActionLayout layout, bool clipActions, int maskWidth, bool floatObservations = false)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.AutoresetMode != AutoresetMode.NextStep)
            throw new ArgumentException($"The agents need a vector env with next-step autoreset (Gymnasium's default), but {env} uses {env.AutoresetMode}. Make it with AutoresetMode.NextStep.", nameof(env));
        return env.Accept(new Builder(layout, clipActions, maskWidth, floatObservations));
    }

    private sealed class Builder(ActionLayout layout, bool clipActions, int maskWidth, bool floatObservations) : IVectorEnvVisitor<VectorEnvRunner>
    {
        public VectorEnvRunner Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) =>
            new Typed<TObs, TAct>(env, ObservationEncoder<TObs>.Create(env.SingleObservationSpace, floatObservations), layout, clipActions, maskWidth);
    }

    private sealed class Typed<TObs, TAct> : VectorEnvRunner
    {
        private readonly RecordVectorEpisodeStatistics<TObs, TAct> _env;
        private readonly ObservationEncoder<TObs> _encoder;
        private readonly ActionDecoder<TAct>[] _decoders; // one per sub-env: decoders reuse their action arrays
        private readonly TAct[] _actions;
        private readonly IActionMaskProvider?[] _maskProviders;
        private readonly bool _discrete;
        private readonly int _actionWidth;
        private readonly long[] _indexScratch;
        private readonly float[] _valueScratch;

        public Typed(IVectorEnv<TObs, TAct> env, ObservationEncoder<TObs> encoder, ActionLayout layout, bool clipActions, int maskWidth)
            : base(env.NumEnvs, encoder.Format, maskWidth)
        {
            _encoder = encoder;
            _decoders = new ActionDecoder<TAct>[env.NumEnvs];
            for (int i = 0; i < _decoders.Length; i++) _decoders[i] = ActionDecoder<TAct>.Create(env.SingleActionSpace, layout, clipActions);
            _actions = new TAct[env.NumEnvs];
            _maskProviders = new IActionMaskProvider?[env.NumEnvs];
            for (int i = 0; i < env.SubEnvs.Count && i < _maskProviders.Length; i++)
                _maskProviders[i] = env.SubEnvs[i] as IActionMaskProvider ?? env.SubEnvs[i].Unwrapped as IActionMaskProvider;
            _discrete = layout.IsDiscrete;
            _actionWidth = layout.ActionWidth;
            _indexScratch = new long[NumEnvs * _actionWidth];
            _valueScratch = new float[NumEnvs * _actionWidth];
            _env = new RecordVectorEpisodeStatistics<TObs, TAct>(env);
        }

        public override IVectorEnv Env => _env;
        public override double[] Rewards => _rewards;
        public override bool[] Terminated => _terminated;
        public override bool[] Truncated => _truncated;
        public override bool[] WasReset => _env.AutoresetStep;
        public override bool[] EpisodeEnded => _env.EpisodeEnded;
        public override double[] EpisodeReturns => _env.EpisodeReturns;
        public override int[] EpisodeLengths => _env.EpisodeLengths;

        private double[] _rewards = [];
        private bool[] _terminated = [];
        private bool[] _truncated = [];

        public override bool Reset(long? seed)
        {
            var (observations, infos) = _env.Reset(seed);
            _encoder.Write(observations, Observations);
            bool allFound = true;
            for (int i = 0; i < NumEnvs; i++) allFound &= ReadMask(i, infos[i]);
            StoreMasks();
            _rewards = new double[NumEnvs];
            _terminated = new bool[NumEnvs];
            _truncated = new bool[NumEnvs];
            return allFound;
        }

        public override void ResetWhere(bool[] mask)
        {
            var (observations, infos) = _env.ResetWhere(mask);
            _encoder.Write(observations, Observations);
            for (int i = 0; i < NumEnvs; i++)
            {
                if (!mask[i]) continue;
                if (MaskWidth > 0 && !ReadMask(i, infos[i])) throw MissingMask(i);
                _rewards[i] = 0;
                _terminated[i] = _truncated[i] = false;
            }
            StoreMasks();
        }

        public override void Send(Tensor hostActions)
        {
            if (_discrete) hostActions.data<long>().CopyTo(_indexScratch);
            else hostActions.data<float>().CopyTo(_valueScratch);
            for (int i = 0; i < NumEnvs; i++)
                _actions[i] = _discrete
                    ? _decoders[i].Decode(_indexScratch.AsSpan(i * _actionWidth, _actionWidth))
                    : _decoders[i].Decode(_valueScratch.AsSpan(i * _actionWidth, _actionWidth));
            _env.StepAsync(_actions);
        }

        public override void Receive()
        {
            var result = _env.StepWait();
            _encoder.Write(result.Observations, Observations);
            _rewards = result.Rewards;
            _terminated = result.Terminated;
            _truncated = result.Truncated;
            if (MaskWidth > 0)
            {
                for (int i = 0; i < NumEnvs; i++)
                    if (!ReadMask(i, result.Infos[i])) throw MissingMask(i);
                StoreMasks();
            }
        }

        private bool ReadMask(int i, IReadOnlyDictionary<string, object> info)
        {
            if (MaskWidth == 0) return false;
            var mask = MaskBytes.AsSpan(i * MaskWidth, MaskWidth);
            if (_maskProviders[i] is { } provider)
            {
                provider.WriteActionMask(mask);
                return true;
            }
            if (!info.TryGetValue("action_mask", out var value)) return false;
            ActionMasks.Copy(value, mask);
            return true;
        }

        private static InvalidOperationException MissingMask(int i) =>
            new($"Env {i} gave an action mask earlier but none now; an env that masks actions must provide info[\"action_mask\"] (or implement IActionMaskProvider) on every Reset and Step.");

        public override void Dispose() => _env.Dispose();
    }
}
