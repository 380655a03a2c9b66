using System.Numerics;
using System.Text.Json;
using DotGym.Spaces;
using DotGym.Tests.Reference;

namespace DotGym.Tests.Spaces;

/// <summary>
/// Every record of spaces.json: build the space from its description in <c>meta.spaces</c>, <c>seed(s)</c>, draw 20
/// samples, and compare values (float32 as bit patterns), the returned seed and the generator state afterwards.
/// </summary>
public class SpacesParityTests
{
    private const string File = "spaces.json";

    public static IEnumerable<object[]> Records => ReferenceData.Indices(File, "records");

    [Theory, MemberData(nameof(Records))]
    public void SeededSamplesMatchGymnasium(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = doc.RootElement.GetProperty("records")[index];
        var description = doc.RootElement.GetProperty("meta").GetProperty("spaces").GetProperty(record.GetProperty("space").GetString()!);
        var space = Build(description);
        // numpy pads per-dimension bound arrays in its repr; scalar-bound reprs must match exactly.
        string repr = description.GetProperty("repr").GetString()!;
        if (!repr.StartsWith("Box([", StringComparison.Ordinal)) Assert.Equal(repr, space.ToString());

        var seeds = space.Seed(record.GetProperty("seed").GetInt64());
        Assert.Equal([new BigInteger(record.GetProperty("seed_return").GetInt64())], seeds);

        byte[]? mask = record.TryGetProperty("mask", out var m) ? m.EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray() : null;
        foreach (var expected in record.GetProperty("samples").EnumerateArray())
        {
            switch (space)
            {
                case Discrete discrete:
                    Assert.Equal(expected.GetInt32(), mask is null ? discrete.Sample() : discrete.Sample(mask));
                    break;
                case Box<float> box:
                    var bits = expected.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32()).ToArray();
                    Assert.Equal(bits, box.Sample().Select(BitConverter.SingleToUInt32Bits).ToArray());
                    break;
                case Box<byte> box:
                    Assert.Equal(Flat(expected).Select(v => (byte)v).ToArray(), box.Sample());
                    break;
                case MultiDiscrete multiDiscrete:
                    Assert.Equal(Flat(expected), multiDiscrete.Sample());
                    break;
                case MultiBinary multiBinary:
                    Assert.Equal(Flat(expected).Select(v => (byte)v).ToArray(), multiBinary.Sample());
                    break;
                default:
                    throw new InvalidOperationException($"No sampler for {space}");
            }
        }

        var after = record.GetProperty("rng_state_after");
        var bitGenerator = space.NpRandom.BitGenerator;
        Assert.Equal(new UInt128(after.GetProperty("state").GetProperty("hi").GetUInt64(), after.GetProperty("state").GetProperty("lo").GetUInt64()), bitGenerator.State);
        Assert.Equal(after.GetProperty("has_uint32").GetInt32() == 1, bitGenerator.HasUInt32);
        Assert.Equal(after.GetProperty("uinteger").GetUInt32(), bitGenerator.BufferedUInt32);
    }

    /// <summary>Builds a space from a <c>meta.spaces</c> entry (type, dtype, bounds with float32 bit patterns, nvec, n, start).</summary>
    private static Space Build(JsonElement d)
    {
        string type = d.GetProperty("type").GetString()!;
        switch (type)
        {
            case "Discrete":
                return new Discrete(d.GetProperty("n").GetInt32(), d.GetProperty("start").GetInt32());
            case "MultiDiscrete":
                var nvec = Flat(d.GetProperty("nvec"));
                return new MultiDiscrete(nvec, Flat(d.GetProperty("start")), Shape(d.GetProperty("nvec")));
            case "MultiBinary":
                return new MultiBinary(d.GetProperty("n").GetInt32());
            case "Box":
                var shape = d.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var below = FlatBools(d.GetProperty("bounded_below"));
                var above = FlatBools(d.GetProperty("bounded_above"));
                Space box;
                switch (d.GetProperty("dtype").GetString())
                {
                    case "float32":
                        var low = Flat32(d.GetProperty("low_bits"));
                        var high = Flat32(d.GetProperty("high_bits"));
                        Assert.Equal(FlatDoubles(d.GetProperty("low")), low.Select(v => (double)v).ToArray());
                        var floatBox = new Box<float>(low, high, shape);
                        AssertBounded(below, above, floatBox.IsBoundedBelow, floatBox.IsBoundedAbove);
                        box = floatBox;
                        break;
                    case "uint8":
                        var byteBox = new Box<byte>(FlatDoubles(d.GetProperty("low")).Select(v => (byte)v).ToArray(),
                            FlatDoubles(d.GetProperty("high")).Select(v => (byte)v).ToArray(), shape);
                        AssertBounded(below, above, byteBox.IsBoundedBelow, byteBox.IsBoundedAbove);
                        box = byteBox;
                        break;
                    default:
                        throw new InvalidOperationException($"Unhandled Box dtype {d.GetProperty("dtype")}");
                }
                return box;
            default:
                throw new InvalidOperationException($"Unhandled space type {type}");
        }
    }

    private static void AssertBounded(bool[] below, bool[] above, Func<int, bool> isBelow, Func<int, bool> isAbove)
    {
        Assert.Equal(below, Enumerable.Range(0, below.Length).Select(isBelow).ToArray());
        Assert.Equal(above, Enumerable.Range(0, above.Length).Select(isAbove).ToArray());
    }

    private static IEnumerable<JsonElement> Leaves(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Leaves) : [e];

    private static int[] Shape(JsonElement e)
    {
        var shape = new List<int>();
        while (e.ValueKind == JsonValueKind.Array)
        {
            shape.Add(e.GetArrayLength());
            e = e[0];
        }
        return shape.ToArray();
    }

    private static int[] Flat(JsonElement e) => Leaves(e).Select(v => v.GetInt32()).ToArray();
    private static double[] FlatDoubles(JsonElement e) => Leaves(e).Select(ReferenceData.AsDouble).ToArray();
    private static bool[] FlatBools(JsonElement e) => Leaves(e).Select(v => v.GetBoolean()).ToArray();
    private static float[] Flat32(JsonElement e) => Leaves(e).Select(v => BitConverter.UInt32BitsToSingle(v.GetUInt32())).ToArray();
}
