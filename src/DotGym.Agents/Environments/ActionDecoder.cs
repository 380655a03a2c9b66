using DotGym.Agents.Policies;
using DotGym.Spaces;
using static TorchSharp.torch;

namespace DotGym.Agents.Environments;

/// <summary>
/// Turns one stored network action into the env's action type: int64 indices for discrete spaces, float32 values for
/// Box spaces. Decoders reuse one array per instance: envs must not keep the action array after <c>Step</c> returns.
/// </summary>
internal abstract class ActionDecoder<TAct>
{
    /// <summary>A discrete action from its indices (one per component).</summary>
    public virtual TAct Decode(ReadOnlySpan<long> indices) => throw new InvalidOperationException($"{TypeNames.Of(GetType())} decodes continuous actions, not indices.");

    /// <summary>A continuous action from its values.</summary>
    public virtual TAct Decode(ReadOnlySpan<float> values) => throw new InvalidOperationException($"{TypeNames.Of(GetType())} decodes indices, not continuous values.");

    /// <summary>Row <paramref name="row"/> of a host tensor of actions (<c>[B, width]</c>, int64 or float32).</summary>
    public TAct Decode(Tensor hostActions, int row)
    {
        var one = hostActions[row];
        return one.dtype == ScalarType.Int64 ? Decode(one.data<long>().ToArray()) : Decode(one.data<float>().ToArray());
    }

    /// <summary>Builds the decoder for <paramref name="space"/>; the layout was already validated by <see cref="ActionLayout.From"/>.</summary>
    public static ActionDecoder<TAct> Create(Space<TAct> space, ActionLayout layout, bool clipActions)
    {
        object decoder = space switch
        {
            Discrete discrete => new DiscreteDecoder(discrete),
            Box<float> box => new FloatBoxDecoder(box, clipActions),
            Box<double> box => new DoubleBoxDecoder(box, clipActions),
            _ when layout.Kind == ActionKind.MultiCategorical => new OneHotDecoder<TAct>(space, layout),
            _ => throw new NotSupportedException($"No action decoder for {space}."),
        };
        return (ActionDecoder<TAct>)decoder;
    }
}

internal sealed class DiscreteDecoder(Discrete space) : ActionDecoder<int>
{
    // The network works with indices 0..n-1; the space may start elsewhere (Discrete(n, start)).
    public override int Decode(ReadOnlySpan<long> indices) => space.Start + (int)indices[0];
}

/// <summary>
/// Gaussian actions are unbounded. With clipping on (CleanRL's <c>ClipAction</c> wrapper, the default) the env gets
/// the action clipped to the Box bounds while the rollout keeps the unclipped sample, so log-probs stay exact.
/// </summary>
internal sealed class FloatBoxDecoder(Box<float> space, bool clip) : ActionDecoder<float[]>
{
    private readonly float[] _buffer = new float[space.Size];

    public override float[] Decode(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < _buffer.Length; i++)
            _buffer[i] = clip ? Math.Clamp(values[i], space.Low[i], space.High[i]) : values[i];
        return _buffer;
    }
}

/// <inheritdoc cref="FloatBoxDecoder"/>
internal sealed class DoubleBoxDecoder(Box<double> space, bool clip) : ActionDecoder<double[]>
{
    private readonly double[] _buffer = new double[space.Size];

    public override double[] Decode(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < _buffer.Length; i++)
            _buffer[i] = clip ? Math.Clamp(values[i], space.Low[i], space.High[i]) : values[i];
        return _buffer;
    }
}

/// <summary>
/// Any MultiDiscrete-like space: the indices become Gymnasium's flattened form (concatenated one-hots) and the space's
/// own <c>Unflatten</c> builds the action, so the space's start offsets and element type are respected.
/// </summary>
internal sealed class OneHotDecoder<TAct>(Space<TAct> space, ActionLayout layout) : ActionDecoder<TAct>
{
    private readonly double[] _flat = new double[layout.ActorOutputWidth];

    public override TAct Decode(ReadOnlySpan<long> indices)
    {
        Array.Clear(_flat);
        int offset = 0;
        for (int c = 0; c < layout.Categories.Length; c++)
        {
            _flat[offset + (int)indices[c]] = 1;
            offset += layout.Categories[c];
        }
        return space.Unflatten(_flat);
    }
}
