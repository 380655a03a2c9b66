using System.Numerics;
using System.Text.Json;
using DotGym.Random;
using DotGym.Tests.Reference;

namespace DotGym.Tests.Random;

/// <summary>numpy SeedSequence + PCG64 + Generator against every record of seeding.json, bit for bit.</summary>
public class SeedingParityTests
{
    private const string File = "seeding.json";

    public static IEnumerable<object[]> Records => ReferenceData.Indices(File, "records");

    private static JsonElement Record(JsonDocument doc, int index) => doc.RootElement.GetProperty("records")[index];

    private static NpGenerator Fresh(JsonElement record) => Seeding.NpRandom(record.GetProperty("seed").GetInt64()).Generator;

    [Theory, MemberData(nameof(Records))]
    public void SeedSequencePoolAndPcgStateMatch(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var sequence = new SeedSequence(record.GetProperty("seed").GetInt64());
        var pool = record.GetProperty("seedseq").GetProperty("pool_uint32").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        Assert.Equal(pool, sequence.Pool);
        var state = record.GetProperty("pcg64_state_after_seeding");
        var pcg = new Pcg64(sequence);
        Assert.Equal(new UInt128(state.GetProperty("state").GetProperty("hi").GetUInt64(), state.GetProperty("state").GetProperty("lo").GetUInt64()), pcg.State);
        Assert.Equal(new UInt128(state.GetProperty("inc").GetProperty("hi").GetUInt64(), state.GetProperty("inc").GetProperty("lo").GetUInt64()), pcg.Increment);
        var (_, returned) = Seeding.NpRandom(record.GetProperty("seed").GetInt64());
        Assert.Equal(BigInteger.Parse(record.GetProperty("np_random_returned_seed").GetRawText()), returned);
    }

    [Theory, MemberData(nameof(Records))]
    public void RawRandomAndUniformMatch(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var raw = Fresh(record);
        foreach (var expected in record.GetProperty("random_raw_8").EnumerateArray())
            Assert.Equal(expected.GetUInt64(), raw.BitGenerator.NextUInt64());
        var random = Fresh(record);
        foreach (var expected in record.GetProperty("random_8").EnumerateArray())
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.GetDouble()), BitConverter.DoubleToInt64Bits(random.Random()));
        var uniform = Fresh(record);
        foreach (var expected in record.GetProperty("uniform_m0.05_0.05_size4_x2").EnumerateArray())
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.GetDouble()), BitConverter.DoubleToInt64Bits(uniform.Uniform(-0.05, 0.05)));
    }

    [Theory, MemberData(nameof(Records))]
    public void IntegersMatchIncludingHalfWordBuffer(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        foreach (var entry in record.GetProperty("integers").EnumerateObject())
        {
            long n = long.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture);
            var rng = Fresh(record);
            var values = entry.Value.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(values, values.Select(_ => rng.Integers(n)).ToArray());
            var after = entry.Value.GetProperty("state_after");
            Assert.Equal(after.GetProperty("has_uint32").GetInt32() == 1, rng.BitGenerator.HasUInt32);
            Assert.Equal(after.GetProperty("uinteger").GetUInt32(), rng.BitGenerator.BufferedUInt32);
            Assert.Equal(new UInt128(after.GetProperty("state").GetProperty("hi").GetUInt64(), after.GetProperty("state").GetProperty("lo").GetUInt64()), rng.BitGenerator.State);
        }
    }

    [Theory, MemberData(nameof(Records))]
    public void ChoiceMatches(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var rng = Fresh(record);
        int[] items = [1, 3, 4];
        foreach (var expected in record.GetProperty("extra_choice_arange3_16").EnumerateArray())
            Assert.Equal(expected.GetInt32(), rng.Choice(items));
    }

    [Theory, MemberData(nameof(Records))]
    public void ZigguratNormalsMatch(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var scalar = Fresh(record);
        AssertBits(record.GetProperty("extra_standard_normal_8"), () => scalar.StandardNormal());
        var sized = Fresh(record); // normal(size=8) equals 8 scalar normal() calls
        AssertBits(record.GetProperty("extra_normal_size8"), () => sized.Normal());
    }

    [Theory, MemberData(nameof(Records))]
    public void ZigguratExponentialsMatch(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var scalar = Fresh(record);
        AssertBits(record.GetProperty("extra_standard_exponential_8"), () => scalar.StandardExponential());
        var sized = Fresh(record);
        AssertBits(record.GetProperty("extra_exponential_size8"), () => sized.Exponential());
    }

    [Theory, MemberData(nameof(Records))]
    public void BufferedInt8IntegersMatch(int index)
    {
        using var doc = ReferenceData.Load(File);
        var record = Record(doc, index);
        var rng = Fresh(record);
        var buffer = new byte[5];
        foreach (var call in record.GetProperty("extra_integers_0_2_size5_int8_x4").EnumerateArray())
        {
            rng.BoundedUInt8Fill(0, 1, buffer); // integers(0, 2, size=5, dtype=int8)
            Assert.Equal(call.EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray(), buffer);
        }
    }

    private static void AssertBits(JsonElement expected, Func<double> draw)
    {
        foreach (var e in expected.EnumerateArray())
            Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceData.AsDouble(e)), BitConverter.DoubleToInt64Bits(draw()));
    }

    [Fact]
    public void NegativeSeedIsRejectedWithAClearMessage()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Seeding.NpRandom(-1));
        Assert.Contains("non-negative", e.Message);
    }
}
