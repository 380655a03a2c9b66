using DotGym.Spaces;

namespace DotGym.Tests.Spaces;

/// <summary>Flattening layouts, key order, text forms and bad input with clear messages.</summary>
public class SpaceApiTests
{
    [Fact]
    public void FlatteningLayoutsFollowGymnasium()
    {
        Assert.Equal([0, 0, 1, 0], new Discrete(4, start: -1).Flatten(1));
        Assert.Equal([0, 1, 0, 0, 0, 1, 1, 0], new MultiDiscrete([3, 3, 2]).Flatten([1, 2, 0]));
        Assert.Equal([1, 0, 1], new MultiBinary(3).Flatten([1, 0, 1]));
        var text = new Text(4, charset: "abc");
        Assert.Equal([2, 0, 3, 3], text.Flatten("ca"));
        Assert.Equal("ca", text.Unflatten([2, 0, 3, 3]));
        var dict = new DictSpace(("z", new Discrete(2)), ("a", new Box<float>(-1f, 1f, 2)));
        var value = new Dictionary<string, object> { ["a"] = new[] { 0.5f, -0.25f }, ["z"] = 1 };
        Assert.Equal([0, 1, 0.5, -0.25], SpaceUtils.Flatten(dict, value));
        Assert.Equal(4, SpaceUtils.FlatDim(dict));
    }

    [Fact]
    public void FlattenSpaceGivesTheFlatBounds()
    {
        var space = new TupleSpace(new Discrete(2), new Box<float>([-1f, float.NegativeInfinity], [2f, 3f]), new Text(2, charset: "ab"));
        var box = SpaceUtils.FlattenSpace(space);
        Assert.Equal([0, 0, -1, double.NegativeInfinity, 0, 0], box.Low);
        Assert.Equal([1, 1, 2, 3, 2, 2], box.High);
        Assert.Equal([6], box.Shape);
    }

    [Fact]
    public void DiscreteUnflattenTakesTheFirstNonZeroEntry()
    {
        Assert.Equal(3, new Discrete(3, start: 2).Unflatten([0, 0.5, 1]));
        Assert.Contains("one-hot", Assert.Throws<ArgumentException>(() => new Discrete(3).Unflatten([0, 0, 0])).Message);
    }

    [Fact]
    public void DictKeyOrder()
    {
        var sorted = new DictSpace(new Dictionary<string, Space> { ["b"] = new Discrete(2), ["a"] = new Discrete(3) });
        Assert.Equal(["a", "b"], sorted.Keys);
        var ordered = new DictSpace(("b", new Discrete(2)), ("a", new Discrete(3)));
        Assert.Equal(["b", "a"], ordered.Keys);
        Assert.Equal("Dict('b': Discrete(2), 'a': Discrete(3))", ordered.ToString());
        Assert.Contains("no key 'c'", Assert.Throws<KeyNotFoundException>(() => ordered["c"]).Message);
    }

    [Fact]
    public void TextForms()
    {
        Assert.Equal("Tuple(Discrete(2), MultiBinary((2, 3)))", new TupleSpace(new Discrete(2), new MultiBinary([2, 3])).ToString());
        Assert.Equal("MultiDiscrete([[1 2] [3 4]])", new MultiDiscrete([1, 2, 3, 4], shape: [2, 2]).ToString());
        Assert.Equal("MultiDiscrete([3 5], start=[1 0])", new MultiDiscrete([3, 5], [1, 0]).ToString());
        Assert.Equal("Text(1, 5, charset=abc)", new Text(5, charset: "cab").ToString());
        Assert.Equal("Box(-inf, 2.5, (2,), float64)", new Box<double>(double.NegativeInfinity, 2.5, 2).ToString());
    }

    [Fact]
    public void ContainsRejectsWrongShapesAndValues()
    {
        Assert.False(new MultiDiscrete([2, 2]).Contains([0, 2]));
        Assert.False(new MultiDiscrete([2, 2]).Contains([0]));
        Assert.False(new MultiBinary(2).Contains([0, 2]));
        Assert.False(new Text(3, charset: "ab").Contains("abc"));
        Assert.False(new Text(3, charset: "ab").Contains(""));
        Assert.True(new Discrete(3).ContainsObject(2L));
        Assert.False(new Discrete(3).ContainsObject("2"));
        var dict = new DictSpace(("a", new Discrete(2)));
        Assert.False(dict.Contains(new Dictionary<string, object> { ["a"] = 1, ["b"] = 0 }));
        Assert.False(dict.Contains(new Dictionary<string, object> { ["a"] = 5 }));
        Assert.False(new TupleSpace(new Discrete(2)).Contains([0, 1]));
    }

    public static TheoryData<Action, string> BadConstructions => new()
    {
        { () => _ = new Discrete(0), "n >= 1" },
        { () => _ = new Discrete(2, int.MaxValue), "int.MaxValue" },
        { () => _ = new MultiDiscrete([2, 0]), "nvec" },
        { () => _ = new MultiDiscrete([2, 2], [0]), "same shape" },
        { () => _ = new MultiDiscrete([2, 2, 2], shape: [2, 2]), "needs 4" },
        { () => _ = new MultiBinary(0), "positive" },
        { () => _ = new Text(2, minLength: 3), "max_length" },
        { () => _ = new Text(2, minLength: -1), "non-negative" },
        { () => _ = new Text(2, charset: "aa"), "repeats" },
        { () => _ = new Text(2, charset: ""), "non-empty" },
        { () => _ = new Box<float>(1f, 0f, 2), "low must be <= high" },
        { () => _ = new Box<float>([float.NaN], [1f]), "NaN" },
        { () => _ = new Box<float>([0f, 0f], [1f]), "must both have" },
        { () => _ = new Box<long>(0L, 1L, 1), "not long" },
        { () => _ = Box<byte>.FromBounds(0, double.PositiveInfinity, 2), "uint8" },
        { () => _ = Box<int>.FromBounds(0, 1e12, 2), "maximum" },
        { () => _ = Box<float>.FromBounds(-1e300, 0, 1), "minimum" },
        { () => _ = new DictSpace(("a", new Discrete(2)), ("a", new Discrete(3))), "twice" },
        { () => _ = new DictSpace(("a", null!)), "null" },
        { () => _ = new TupleSpace(new Discrete(2), null!), "null" },
    };

    [Theory, MemberData(nameof(BadConstructions))]
    public void BadConstructorArgumentsAreRejectedClearly(Action construct, string message)
    {
        var e = Assert.ThrowsAny<Exception>(construct);
        Assert.True(e is ArgumentException or NotSupportedException, e.GetType().Name);
        Assert.Contains(message, e.Message);
    }

    public static TheoryData<Action, string> BadFlattening => new()
    {
        { () => new Discrete(3).Flatten(0, new double[2]), "length 3" },
        { () => new Discrete(3).Unflatten(new double[4]), "length 3" },
        { () => new Discrete(3).Flatten(3), "not in Discrete(3)" },
        { () => new MultiDiscrete([2, 2]).Unflatten([1, 1, 0, 0]), "more than one" },
        { () => new MultiDiscrete([2, 2]).Unflatten([1, 0, 0, 0]), "all zeros" },
        { () => new MultiBinary(2).Unflatten([0.5, 1]), "0 or 1" },
        { () => new Box<float>(0f, 1f, 3).Flatten([0f, 1f]), "Expected 3 values" },
        { () => new Box<float>(0f, 1f, 3).Unflatten(new double[2]), "length 3" },
        { () => new Text(3, charset: "ab").Flatten("abz"), "not in the charset" },
        { () => new Text(3, charset: "ab").Unflatten([0, -1, 2]), "character indices" },
        { () => SpaceUtils.Flatten(new Discrete(2), "x"), "type int" },
        { () => SpaceUtils.Flatten(new TupleSpace(new Discrete(2)), new object[] { 0, 1 }), "needs 1 values" },
        { () => SpaceUtils.Flatten(new DictSpace(("a", new Discrete(2))), new Dictionary<string, object>()), "no key 'a'" },
        { () => SpaceUtils.Unflatten(new TupleSpace(new Discrete(2)), new double[3]), "length 2" },
    };

    [Theory, MemberData(nameof(BadFlattening))]
    public void BadFlattenInputIsRejectedClearly(Action act, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Contains(message, e.Message);
    }

    public static TheoryData<Action, string> BadSampling => new()
    {
        { () => new Discrete(3).Sample(new byte[] { 1, 0 }), "length 2" },
        { () => new Discrete(3).Sample(new byte[] { 1, 0, 2 }), "0 or 1" },
        { () => new Discrete(3).Sample(new[] { 0.5, 0.6, 0.0 }), "sum to 1" },
        { () => new Discrete(2).Sample(new[] { 1.5, -0.5 }), "[0, 1]" },
        { () => new MultiDiscrete([2, 3]).Sample([new byte[] { 1, 1 }]), "one mask per element" },
        { () => new MultiDiscrete([2, 3]).Sample([new byte[] { 1, 1 }, new byte[] { 1 }]), "has 3 values" },
        { () => new MultiBinary(2).Sample(new byte[] { 3, 0 }), "0, 1 or 2" },
        { () => new Text(3, charset: "ab").Sample(5, null), "between 1 and 3" },
        { () => new Text(3, charset: "ab").Sample(null, new byte[] { 1 }), "charset has 2" },
        { () => new Text(3, charset: "ab").SampleWithProbability(null, [0.2, 0.2]), "sum to 1" },
        { () => new TupleSpace(new Discrete(2)).Seed([1L, 2L]), "Expected 1 seeds" },
        { () => new DictSpace(("a", new Discrete(2))).Seed(new Dictionary<string, long?> { ["b"] = 1 }), "exactly the space's keys" },
    };

    [Theory, MemberData(nameof(BadSampling))]
    public void BadSampleArgumentsAreRejectedClearly(Action act, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void UniformOverflowIsReportedLikeNumpy()
    {
        var box = new Box<double>(-double.MaxValue, double.MaxValue, 1);
        box.Seed(0);
        Assert.Contains("not finite", Assert.Throws<OverflowException>(() => box.Sample()).Message);
    }

    [Fact]
    public void EnsureContainsNamesTheValueAndTheFix()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiDiscrete([2, 3]).EnsureContains([0, 3]));
        Assert.Contains("[0, 3]", e.Message);
        Assert.Contains("Element 1 = 3 must be in [0, 2]", e.Message);
    }

    [Fact]
    public void CompositeErrorsShowTheNestedValue()
    {
        var space = new TupleSpace(new Box<float>(0f, 1f, 2), new DictSpace(("a", new Discrete(2))));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            space.EnsureContains([new[] { 0.5f, 2f }, new Dictionary<string, object> { ["a"] = 1 }]));
        Assert.Contains("([0.5, 2], {'a': 1})", e.Message);
        Assert.Contains("Element 0 is not in Box(0.0, 1.0, (2,), float32)", e.Message);
    }
}
