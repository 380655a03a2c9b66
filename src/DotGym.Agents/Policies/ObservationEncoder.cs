using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Agents.Policies;

/// <summary>
/// Host-side observation rows in a policy's <see cref="ObservationFormat"/>: one of <see cref="Floats"/>,
/// <see cref="Indices"/> or <see cref="Bytes"/> holds <see cref="Rows"/> × <c>ItemSize</c> values, row-major.
/// </summary>
internal sealed class ObservationBuffer
{
    public ObservationBuffer(ObservationFormat format, int rows)
    {
        Format = format;
        Rows = rows;
        int size = checked(rows * format.ItemSize);
        switch (format.Kind)
        {
            case ObservationKind.Index: Indices = new long[size]; break;
            case ObservationKind.UInt8: Bytes = new byte[size]; break;
            default: Floats = new float[size]; break;
        }
    }

    public ObservationFormat Format { get; }
    public int Rows { get; }
    public float[]? Floats { get; }
    public long[]? Indices { get; }
    public byte[]? Bytes { get; }

    /// <summary>The storage as one array (for checkpoints and copies).</summary>
    public Array Storage => (Array?)Floats ?? (Array?)Indices ?? Bytes!;

    public void CopyRow(int from, ObservationBuffer to, int toRow)
    {
        int size = Format.ItemSize;
        Array.Copy(Storage, from * size, to.Storage, toRow * size, size);
    }
}

/// <summary>
/// Turns a vector env's observation batch (or one observation, for <c>Predict</c>) into host rows of the policy's
/// <see cref="ObservationFormat"/>, without going through double: float Box values are copied (shape kept), double
/// Box values rounded to float32, Discrete values become indices, byte Box values stay bytes; any other flattenable
/// space goes through its <c>Flatten</c> (one-hot, concatenation), as Gymnasium's <c>flatten</c>.
/// </summary>
internal abstract class ObservationEncoder<TObs>
{
    public abstract ObservationFormat Format { get; }

    /// <summary>Writes <paramref name="batch"/>'s items as rows of <paramref name="destination"/>.</summary>
    public abstract void Write(Batch<TObs> batch, ObservationBuffer destination);

    /// <summary>
    /// The encoder for <paramref name="space"/>; fails clearly for spaces no policy can read.
    /// <paramref name="floatsOnly"/> reads every observation as float rows (indices one-hot, bytes cast), as
    /// observation normalisation needs.
    /// </summary>
    public static ObservationEncoder<TObs> Create(Space<TObs> space, bool floatsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(space);
        object encoder = space switch
        {
            _ when floatsOnly && space is Discrete or Box<byte> => new FlattenEncoder<TObs>(space),
            Box<float> box => new FloatBoxEncoder(box),
            Box<double> box => new DoubleBoxEncoder(box),
            Box<byte> box => new ByteBoxEncoder(box),
            Discrete discrete => new DiscreteEncoder(discrete),
            _ when space.IsFlattenable => new FlattenEncoder<TObs>(space),
            _ => throw new NotSupportedException(
                $"The observation space {space} cannot be flattened, so no policy can read it. Wrap the env to give a Box, Discrete or other flattenable observation."),
        };
        return (ObservationEncoder<TObs>)encoder;
    }

    /// <summary>Writes one observation as row 0 of <paramref name="destination"/> (Predict's path; it allocates).</summary>
    public void WriteOne(Space<TObs> space, TObs observation, ObservationBuffer destination)
    {
        var batch = Batch<TObs>.Create(space, 1);
        batch.Set(0, observation);
        Write(batch, destination);
    }
}

internal sealed class FloatBoxEncoder(Box<float> box) : ObservationEncoder<float[]>
{
    public override ObservationFormat Format { get; } = new(ObservationKind.Float, box.Shape.ToArray());
    public override void Write(Batch<float[]> batch, ObservationBuffer destination) => batch.AsSpan<float>().CopyTo(destination.Floats);
}

internal sealed class DoubleBoxEncoder(Box<double> box) : ObservationEncoder<double[]>
{
    public override ObservationFormat Format { get; } = new(ObservationKind.Float, box.Shape.ToArray());

    public override void Write(Batch<double[]> batch, ObservationBuffer destination)
    {
        var source = batch.AsSpan<double>();
        var target = destination.Floats!;
        for (int k = 0; k < source.Length; k++) target[k] = (float)source[k];
    }
}

internal sealed class ByteBoxEncoder(Box<byte> box) : ObservationEncoder<byte[]>
{
    public override ObservationFormat Format { get; } = new(ObservationKind.UInt8, box.Shape.ToArray());
    public override void Write(Batch<byte[]> batch, ObservationBuffer destination) => batch.AsSpan<byte>().CopyTo(destination.Bytes);
}

internal sealed class DiscreteEncoder(Discrete space) : ObservationEncoder<int>
{
    public override ObservationFormat Format { get; } = new(ObservationKind.Index, [], space.N);

    public override void Write(Batch<int> batch, ObservationBuffer destination)
    {
        var values = batch.AsSpan<int>();
        var target = destination.Indices!;
        for (int i = 0; i < values.Length; i++) target[i] = values[i] - space.Start;
    }
}

internal sealed class FlattenEncoder<TObs>(Space<TObs> space) : ObservationEncoder<TObs>
{
    private readonly double[] _flat = new double[space.FlatDim];

    public override ObservationFormat Format { get; } = new(ObservationKind.Float, [space.FlatDim]);

    public override void Write(Batch<TObs> batch, ObservationBuffer destination)
    {
        var target = destination.Floats!;
        for (int i = 0; i < batch.Count; i++)
        {
            space.Flatten(batch.View(i), _flat);
            for (int j = 0; j < _flat.Length; j++) target[i * _flat.Length + j] = (float)_flat[j];
        }
    }
}
