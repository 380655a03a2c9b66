using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Tests.Spaces;

/// <summary>
/// Sampling paths that spaces.json does not record, checked against numpy 1.24.2 running Gymnasium 1.x's sampling
/// code line for line (the expected values were produced that way): Text, probability vectors, composite seeding,
/// integer boxes with infinite bounds.
/// </summary>
public class SpaceSamplingTests
{
    [Fact]
    public void TextSamplesLengthThenCharactersWithUniformProbabilities()
    {
        var text = new Text(8, minLength: 0, charset: "abcde");
        text.Seed(3);
        string[] expected = ["becacca", "", "abcccd", "ebddba", "", "bbeccdad", "adeb", "dbd", "be", "ddecde"];
        Assert.Equal(expected, expected.Select(_ => text.Sample()).ToArray());
    }

    [Fact]
    public void TextMaskRestrictsTheCharacters()
    {
        var text = new Text(8, minLength: 0, charset: "abcde");
        text.Seed(4);
        string[] expected = ["ccacac", "acccaacc", "ccacccca", "aac", "aac", "cccacaca"];
        Assert.Equal(expected, expected.Select(_ => text.Sample(null, [1, 0, 1, 0, 0])).ToArray());
    }

    [Fact]
    public void DiscreteProbabilitySamplingMatchesNumpyChoice()
    {
        var space = new Discrete(5, start: 2);
        space.Seed(5);
        int[] expected = [5, 5, 4, 4, 2, 4, 4, 2, 2, 5, 5, 4];
        double[] p = [0.1, 0, 0.5, 0.4, 0];
        Assert.Equal(expected, expected.Select(_ => space.Sample(p)).ToArray());
    }

    [Fact]
    public void DictSeedDrawsOneSubseedPerKeyInSortedKeyOrder()
    {
        var space = new DictSpace(new Dictionary<string, Space> { ["b"] = new Discrete(3), ["a"] = new Box<float>(-1f, 1f, 2) });
        Assert.Equal(["a", "b"], space.Keys);
        var seeds = space.Seed(7);
        Assert.Equal([new BigInteger(2029167940), new BigInteger(1342382291)], seeds);
        (uint[] A, int B)[] expected = [([3203747814, 1056549165], 2), ([1046262645, 1060735660], 1), ([1034094740, 3210916540], 2)];
        foreach (var (a, b) in expected)
        {
            var sample = space.Sample();
            Assert.Equal(["a", "b"], sample.Keys);
            Assert.Equal(a, ((float[])sample["a"]).Select(BitConverter.SingleToUInt32Bits).ToArray());
            Assert.Equal(b, (int)sample["b"]);
        }
    }

    [Fact]
    public void TupleSeedMatchesDictSeedForTheSameSubspaces()
    {
        var tuple = new TupleSpace(new Box<float>(-1f, 1f, 2), new Discrete(3));
        Assert.Equal([new BigInteger(2029167940), new BigInteger(1342382291)], tuple.Seed(7));
        Assert.Equal(2, (int)tuple.Sample()[1]);
    }

    [Fact]
    public void NestedCompositeSeedsAreFlattenedInOrder()
    {
        var inner = new TupleSpace(new Discrete(2), new Discrete(3));
        var outer = new DictSpace(("x", inner), ("y", new Discrete(4)));
        var seeds = outer.Seed(1);
        Assert.Equal(3, seeds.Count);
        var again = new DictSpace(("x", new TupleSpace(new Discrete(2), new Discrete(3))), ("y", new Discrete(4)));
        Assert.Equal(seeds, again.Seed(1));
        Assert.All(seeds, s => Assert.InRange(s, BigInteger.Zero, new BigInteger(int.MaxValue - 1)));
    }

    [Fact]
    public void SignedIntegerBoxWithInfiniteBoundsSamplesLikeGymnasium()
    {
        var box = Box<int>.FromBounds([double.NegativeInfinity, 0, double.NegativeInfinity, -5], [double.PositiveInfinity, double.PositiveInfinity, 3, 5]);
        Assert.Equal([int.MinValue, 0, int.MinValue, -5], box.Low);
        Assert.Equal([int.MaxValue, int.MaxValue, 3, 5], box.High);
        Assert.False(box.IsBoundedBelow(0));
        Assert.True(box.IsBounded(3));
        box.Seed(11);
        int[][] expected = [[0, 0, 2, -5], [-1, 3, 3, -4], [0, 0, 3, 0], [0, 1, 3, 3], [0, 2, 1, 1]];
        foreach (var row in expected) Assert.Equal(row, box.Sample());
    }

    [Fact]
    public void IntegerBoxSamplesAreClippedInsideTheDtypeRange()
    {
        var box = new Box<int>(int.MaxValue - 3, int.MaxValue, 50);
        box.Seed(2);
        Assert.All(box.Sample(), v => Assert.InRange(v, int.MaxValue - 3, int.MaxValue - 2));
    }

    [Fact]
    public void MultiDiscreteMaskPicksAmongAllowedValues()
    {
        var space = new MultiDiscrete([3, 4], start: [10, -2]);
        space.Seed(0);
        for (int i = 0; i < 50; i++)
        {
            var sample = space.Sample([[0, 1, 1], [0, 0, 0, 0]]);
            Assert.InRange(sample[0], 11, 12);
            Assert.Equal(-2, sample[1]);
        }
    }

    [Fact]
    public void MultiBinaryMaskFixesEntriesAndDrawsEveryBit()
    {
        var masked = new MultiBinary(5);
        var plain = new MultiBinary(5);
        masked.Seed(9);
        plain.Seed(9);
        var sample = masked.Sample([0, 1, 2, 2, 0]);
        var reference = plain.Sample();
        Assert.Equal([0, 1, reference[2], reference[3], 0], sample);
        Assert.Equal(plain.NpRandom.BitGenerator.State, masked.NpRandom.BitGenerator.State);
    }

    [Fact]
    public void TextWithAllZeroMaskNeedsZeroMinimumLength()
    {
        var optional = new Text(4, minLength: 0, charset: "ab");
        optional.Seed(0);
        Assert.Equal("", optional.Sample(null, [0, 0]));
        var required = new Text(4, minLength: 1, charset: "ab");
        required.Seed(0);
        Assert.Contains("all-zero", Assert.Throws<InvalidOperationException>(() => required.Sample(null, [0, 0])).Message);
    }

    [Fact]
    public void FixedLengthAndProbabilityTextSampling()
    {
        var text = new Text(6, minLength: 2, charset: "xyz");
        text.Seed(1);
        var s = text.SampleWithProbability(5, [0, 1, 0]);
        Assert.Equal("yyyyy", s);
    }
}
