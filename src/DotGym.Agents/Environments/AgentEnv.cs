using System.Collections;
using DotGym.Agents.Policies;
using DotGym.Spaces;

namespace DotGym.Agents.Environments;

/// <summary>What one env step produced, as the agents see it.</summary>
internal readonly record struct StepOutcome(double Reward, bool Terminated, bool Truncated)
{
    public bool Done => Terminated || Truncated;
}

/// <summary>
/// One env seen through flat float observations and flat float actions: observations go through the space's
/// <c>Flatten</c> (one-hot for Discrete, row-major for Box, concatenation for composite spaces), so any flattenable
/// space works without the agents knowing its type.
/// </summary>
internal abstract class AgentEnv : IDisposable
{
    public abstract IEnv Env { get; }

    /// <summary>Length of a flattened observation.</summary>
    public abstract int ObsDim { get; }

    /// <summary>Resets (seeded when <paramref name="seed"/> is given), writes the flat observation and, when
    /// <paramref name="mask"/> is not empty, the action mask. Returns whether the env provided a mask.</summary>
    public abstract bool Reset(long? seed, Span<float> obs, Span<byte> mask);

    /// <summary>Steps with a network action, writes the next flat observation and mask.</summary>
    public abstract StepOutcome Step(ReadOnlySpan<float> action, Span<float> obs, Span<byte> mask, out bool maskFound);

    public void Dispose() => Env.Dispose();

    /// <summary>Wraps <paramref name="env"/>; its spaces must match <paramref name="layout"/>.</summary>
    public static AgentEnv Create(IEnv env, ActionLayout layout, bool clipActions)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!env.ObservationSpace.IsFlattenable)
            throw new NotSupportedException($"The observation space {env.ObservationSpace} cannot be flattened, so the agents' MLPs cannot read it. Wrap the env to give a flattenable observation (Box, Discrete, ...).");
        return env.Accept(new Builder(layout, clipActions));
    }

    private sealed class Builder(ActionLayout layout, bool clipActions) : IEnvVisitor<AgentEnv>
    {
        public AgentEnv Visit<TObs, TAct>(Env<TObs, TAct> env) => new Typed<TObs, TAct>(env, layout, clipActions);
    }

    private sealed class Typed<TObs, TAct> : AgentEnv
    {
        private readonly Env<TObs, TAct> _env;
        private readonly Space<TObs> _observationSpace;
        private readonly ActionDecoder<TAct> _decoder;
        private readonly double[] _flat;
        private readonly IActionMaskProvider? _maskProvider;

        public Typed(Env<TObs, TAct> env, ActionLayout layout, bool clipActions)
        {
            _env = env;
            _observationSpace = env.ObservationSpace;
            _decoder = ActionDecoder<TAct>.Create(env.ActionSpace, layout, clipActions);
            _flat = new double[_observationSpace.FlatDim];
            _maskProvider = env as IActionMaskProvider ?? env.Unwrapped as IActionMaskProvider;
        }

        public override IEnv Env => _env;
        public override int ObsDim => _flat.Length;

        public override bool Reset(long? seed, Span<float> obs, Span<byte> mask)
        {
            var (observation, info) = _env.Reset(seed);
            Write(observation, obs);
            return ReadMask(info, mask);
        }

        public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> obs, Span<byte> mask, out bool maskFound)
        {
            var result = _env.Step(_decoder.Decode(action));
            Write(result.Observation, obs);
            maskFound = ReadMask(result.Info, mask);
            return new StepOutcome(result.Reward, result.Terminated, result.Truncated);
        }

        private void Write(TObs observation, Span<float> obs)
        {
            _observationSpace.Flatten(observation, _flat);
            for (int i = 0; i < _flat.Length; i++) obs[i] = (float)_flat[i];
        }

        private bool ReadMask(IReadOnlyDictionary<string, object> info, Span<byte> mask)
        {
            if (mask.IsEmpty) return false;
            if (_maskProvider is not null)
            {
                _maskProvider.WriteActionMask(mask);
                return true;
            }
            if (!info.TryGetValue("action_mask", out var value)) return false;
            ActionMasks.Copy(value, mask);
            return true;
        }
    }
}

/// <summary>Reads Gymnasium-style <c>info["action_mask"]</c> values of the usual element types.</summary>
internal static class ActionMasks
{
    public static void Copy(object value, Span<byte> mask)
    {
        switch (value)
        {
            case byte[] bytes: CheckLength(bytes.Length, mask); bytes.CopyTo(mask); break;
            case ReadOnlyMemory<byte> memory: CheckLength(memory.Length, mask); memory.Span.CopyTo(mask); break;
            case Memory<byte> memory: CheckLength(memory.Length, mask); memory.Span.CopyTo(mask); break;
            case sbyte[] s: CheckLength(s.Length, mask); for (int i = 0; i < s.Length; i++) mask[i] = s[i] != 0 ? (byte)1 : (byte)0; break;
            case bool[] b: CheckLength(b.Length, mask); for (int i = 0; i < b.Length; i++) mask[i] = b[i] ? (byte)1 : (byte)0; break;
            case int[] n: CheckLength(n.Length, mask); for (int i = 0; i < n.Length; i++) mask[i] = n[i] != 0 ? (byte)1 : (byte)0; break;
            case long[] l: CheckLength(l.Length, mask); for (int i = 0; i < l.Length; i++) mask[i] = l[i] != 0 ? (byte)1 : (byte)0; break;
            case IEnumerable items and not string:
                int k = 0;
                foreach (var item in items)
                {
                    if (k >= mask.Length) CheckLength(k + 1, mask);
                    mask[k++] = Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture) != 0 ? (byte)1 : (byte)0;
                }
                CheckLength(k, mask);
                break;
            default:
                throw new InvalidOperationException($"info[\"action_mask\"] is a {value?.GetType().Name ?? "null"}; the agents read byte[], sbyte[], bool[], int[] or long[] masks (1 = legal).");
        }
        bool any = false;
        foreach (var m in mask) any |= m != 0;
        if (!any) throw new InvalidOperationException("The env's action mask allows no action at all; a masked policy needs at least one legal action per state.");
    }

    private static void CheckLength(int length, Span<byte> mask)
    {
        if (length != mask.Length)
            throw new InvalidOperationException($"info[\"action_mask\"] has {length} entries but the action space needs {mask.Length} (one per discrete choice, concatenated for MultiDiscrete).");
    }
}
