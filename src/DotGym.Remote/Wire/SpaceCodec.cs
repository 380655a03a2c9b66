using DotGym.Spaces;
using Proto = DotGym.Remote.Protocol;

namespace DotGym.Remote.Wire;

/// <summary>
/// Spaces to and from the handshake: Box (float32, float64, int32, uint8), Discrete, MultiDiscrete and
/// MultiBinary travel exactly (bounds as raw bytes). Other spaces (Dict, Tuple, Text) cannot travel yet: flatten them
/// on the server (e.g. with the FlattenObservation wrapper).
/// </summary>
internal static class SpaceCodec
{
    public static Proto.Space ToProto(Space space) => space switch
    {
        Box<float> b => Box(b.Low, b.High, b.Shape),
        Box<double> b => Box(b.Low, b.High, b.Shape),
        Box<int> b => Box(b.Low, b.High, b.Shape),
        Box<byte> b => Box(b.Low, b.High, b.Shape),
        Discrete d => new Proto.Space { Discrete = new Proto.DiscreteSpace { N = d.N, Start = d.Start } },
        MultiDiscrete m => MultiDiscrete(m),
        MultiBinary m => new Proto.Space { MultiBinary = new Proto.MultiBinarySpace { Shape = { m.Shape } } },
        _ => throw new NotSupportedException(
            $"{space} cannot travel over the remote protocol; it carries Box (float32, float64, int32, uint8), Discrete, MultiDiscrete and MultiBinary spaces. Flatten the space on the server (e.g. env.FlattenObservation()) or use one of those."),
    };

    private static Proto.Space Box(Array low, Array high, int[] shape) =>
        new() { Box = new Proto.BoxSpace { Low = TensorCodec.FromArray(low, shape), High = TensorCodec.FromArray(high, shape) } };

    private static Proto.Space MultiDiscrete(MultiDiscrete m)
    {
        var proto = new Proto.MultiDiscreteSpace { Nvec = { m.Nvec }, Shape = { m.Shape } };
        if (m.Start.Any(s => s != 0)) proto.Start.Add(m.Start);
        return new Proto.Space { MultiDiscrete = proto };
    }

    /// <summary>The space a handshake describes; <paramref name="what"/> (e.g. "observation space") names it in errors.</summary>
    public static Space FromProto(Proto.Space? space, string what)
    {
        if (space is null) throw new InvalidDataException($"The handshake has no {what}.");
        try
        {
            return space.KindCase switch
            {
                Proto.Space.KindOneofCase.Box => FromBox(space.Box, what),
                Proto.Space.KindOneofCase.Discrete => new Discrete(space.Discrete.N, space.Discrete.Start),
                Proto.Space.KindOneofCase.MultiDiscrete => new MultiDiscrete(
                    space.MultiDiscrete.Nvec.ToArray(),
                    space.MultiDiscrete.Start.Count == 0 ? null : space.MultiDiscrete.Start.ToArray(),
                    space.MultiDiscrete.Shape.Count == 0 ? null : space.MultiDiscrete.Shape.ToArray()),
                Proto.Space.KindOneofCase.MultiBinary => new MultiBinary(space.MultiBinary.Shape.ToArray()),
                _ => throw new InvalidDataException($"The handshake's {what} has no kind; the server must set box, discrete, multi_discrete or multi_binary."),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The handshake's {what} is not a valid space: {e.Message}", e);
        }
    }

    private static Space FromBox(Proto.BoxSpace box, string what)
    {
        if (box.Low is null || box.High is null) throw new InvalidDataException($"The handshake's {what} (a box) needs both low and high.");
        if (box.Low.Dtype != box.High.Dtype || !box.Low.Shape.SequenceEqual(box.High.Shape))
            throw new InvalidDataException($"The handshake's {what} (a box) has low and high of different dtypes or shapes.");
        int[] shape = box.Low.Shape.ToArray();
        var low = TensorCodec.ToArray(box.Low, what + " low");
        var high = TensorCodec.ToArray(box.High, what + " high");
        return (low, high) switch
        {
            (float[] l, float[] h) => new Box<float>(l, h, shape),
            (double[] l, double[] h) => new Box<double>(l, h, shape),
            (int[] l, int[] h) => new Box<int>(l, h, shape),
            (byte[] l, byte[] h) => new Box<byte>(l, h, shape),
            _ => throw new InvalidDataException($"The handshake's {what} is a box of {box.Low.Dtype}; boxes are float32, float64, int32 or uint8."),
        };
    }
}
