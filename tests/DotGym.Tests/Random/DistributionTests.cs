using DotGym.Random;

namespace DotGym.Tests.Random;

/// <summary>Bad input and numpy's edge behaviour for the distribution helpers.</summary>
public class DistributionTests
{
    private static NpGenerator Rng(long seed = 0) => Seeding.NpRandom(seed).Generator;

    [Fact]
    public void NegativeScalesAreRejected()
    {
        Assert.Contains("scale >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => Rng().Normal(0, -1)).Message);
        Assert.Contains("scale >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => Rng().Exponential(-0.0)).Message);
    }

    [Fact]
    public void NormalShiftsAndScalesTheStandardNormal()
    {
        var a = Rng(3);
        var b = Rng(3);
        Assert.Equal(2.0 + 3.0 * a.StandardNormal(), b.Normal(2.0, 3.0));
        Assert.Equal(4.0 * a.StandardExponential(), b.Exponential(4.0));
    }

    [Theory]
    [InlineData(new double[0], "at least one")]
    [InlineData(new[] { 0.5, 0.6 }, "sum to 1")]
    [InlineData(new[] { 1.5, -0.5 }, "non-negative")]
    [InlineData(new[] { double.NaN, 1.0 }, "NaN")]
    public void ChoiceRejectsBadProbabilities(double[] p, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Rng().Choice(p));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ChoiceNeverPicksAZeroProbability()
    {
        var rng = Rng(1);
        double[] p = [0, 0.5, 0, 0.5, 0];
        for (int i = 0; i < 500; i++) Assert.True(rng.Choice(p) is 1 or 3);
    }

    [Fact]
    public void PairwiseSumMatchesNumpyBlocking()
    {
        // 1e16 + 1 + ... : numpy's 8-way blocked order keeps the small terms that a left-to-right sum loses.
        var values = new double[16];
        values[0] = 1e16;
        for (int i = 1; i < 16; i++) values[i] = 1.0;
        double sequential = 0;
        foreach (var v in values) sequential += v;
        Assert.Equal(1e16, sequential);
        Assert.Equal(1e16 + 14, NpReductions.Sum<double>(values));
    }

    // Values from numpy 1.24.2 (Debian build, x86-64 glibc): seed 0, 100000 draws. Index 303/295 is the first draw
    // from the ziggurat tail (log1p path); the final PCG state pins the number of draws consumed by rejections.
    [Theory]
    [InlineData(true, 303, 13839048864148519878UL, 13825968222956364442UL, "155031586887524657028571379883557624689")]
    [InlineData(false, 295, 4620765699913066163UL, 4592619380957624137UL, "98995562488989886121931376323079834064")]
    public void ZigguratTailsAndLongRunsMatchNumpy(bool normal, int tailIndex, ulong tailBits, ulong lastBits, string finalState)
    {
        var rng = Rng(0);
        double tail = 0, last = 0;
        for (int i = 0; i < 100_000; i++)
        {
            last = normal ? rng.StandardNormal() : rng.StandardExponential();
            if (i == tailIndex) tail = last;
        }
        Assert.Equal(tailBits, BitConverter.DoubleToUInt64Bits(tail));
        Assert.Equal(lastBits, BitConverter.DoubleToUInt64Bits(last));
        Assert.Equal(UInt128.Parse(finalState), rng.BitGenerator.State);
    }
}
