using DotGym.Envs.ToyText;
using DotGym.Spaces;
using DotGym.Vector;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DotGym.Tests.Spaces;

/// <summary>
/// Spaces compare by structure (Gymnasium's <c>space == other</c>): equal recipes give equal spaces with equal hashes
/// whatever their seeds, and changing any one field (shape, dtype, a bound's bits, n, start, nvec, charset, keys,
/// subspaces) gives an unequal space.
/// </summary>
public class SpaceEqualityTests
{
    private static Arbitrary<long> Seeds => Gen.Choose(0, int.MaxValue).Select(s => (long)s).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property EqualRecipesAreEqualWithEqualHashesWhateverTheSeeds() =>
        Prop.ForAll(SpaceRecipes.Any, Seeds, (recipe, seed) =>
        {
            var a = recipe.Build();
            var b = recipe.Build();
            a.Seed(seed);
            b.Seed(seed + 1);
            a.SampleObject(); // generator state differs too
            return (a.Equals(b) && b.Equals(a) && a.Equals(a) && a.GetHashCode() == b.GetHashCode()
                    && !a.Equals(null) && !a.Equals(recipe.Description))
                .Label($"{a} vs {b}");
        });

    [Property(MaxTest = 200)]
    public Property AnyChangedFieldIsUnequal() =>
        Prop.ForAll(SpaceRecipes.Any, recipe =>
        {
            var original = recipe.Build();
            var mutants = Mutants(original).ToList();
            if (mutants.Count == 0) return false.Label($"no mutant for {original}");
            foreach (var (what, mutant) in mutants)
                if (original.Equals(mutant) || mutant.Equals(original)) return false.Label($"{what}: {original} equals {mutant}");
            return true.ToProperty();
        });

    [Fact]
    public void BoxBoundsCompareBitExactly()
    {
        Assert.NotEqual(new Box<float>(-0f, 1f, 2), new Box<float>(0f, 1f, 2));
        Assert.NotEqual(new Box<float>(0f, 1f, 2), new Box<float>(0f, MathF.BitIncrement(1f), 2));
        Assert.Equal(new Box<float>(0f, 1f, 2), new Box<float>([0f, 0f], [1f, 1f], [2]));
        Assert.Equal(new Box<float>(0f, 1f, 2).GetHashCode(), new Box<float>([0f, 0f], [1f, 1f], [2]).GetHashCode());
    }

    [Fact]
    public void BoxDtypeShapeAndBoundednessMatter()
    {
        Assert.False(new Box<float>(0f, 1f, 2).Equals(new Box<double>(0, 1, 2)));
        Assert.NotEqual(new Box<float>(0f, 1f, 4), new Box<float>(0f, 1f, 2, 2));
        // An int box from an infinite bound is unbounded below (sampled differently) although its low is int.MinValue.
        var unbounded = Box<int>.FromBounds(double.NegativeInfinity, 5, 3);
        var bounded = new Box<int>(int.MinValue, 5, 3);
        Assert.Equal(bounded.Low, unbounded.Low);
        Assert.NotEqual(bounded, unbounded);
        Assert.Equal(unbounded, Box<int>.FromBounds(double.NegativeInfinity, 5, 3));
    }

    [Fact]
    public void DiscreteComparesNAndStart()
    {
        Assert.Equal(new Discrete(3), new Discrete(3, start: 0));
        Assert.NotEqual(new Discrete(3), new Discrete(3, start: 1));
        Assert.NotEqual(new Discrete(3), new Discrete(4));
        Assert.False(new Discrete(2).Equals(new MultiBinary(2)));
    }

    [Fact]
    public void DictFromDictionariesIgnoresInsertionOrderButPairOrderMatters()
    {
        var ab = new DictSpace(new Dictionary<string, Space> { ["a"] = new Discrete(2), ["b"] = new MultiBinary(3) });
        var ba = new DictSpace(new Dictionary<string, Space> { ["b"] = new MultiBinary(3), ["a"] = new Discrete(2) });
        Assert.Equal(ab, ba);
        Assert.Equal(ab.GetHashCode(), ba.GetHashCode());
        // Pairs keep their order, which is the flattening order: a different order is a different space.
        Assert.NotEqual(new DictSpace(("a", new Discrete(2)), ("b", new Discrete(3))), new DictSpace(("b", new Discrete(3)), ("a", new Discrete(2))));
    }

    [Fact]
    public void TextCharsetOrderIsPartOfTheSpace()
    {
        Assert.Equal(new Text(5, 1, "abc"), new Text(5, 1, "abc"));
        Assert.NotEqual(new Text(5, 1, "abc"), new Text(5, 1, "cba"));
        Assert.NotEqual(new Text(5, 1, "abc"), new Text(5, 0, "abc"));
        Assert.NotEqual(new Text(5, 1, "abc"), new Text(6, 1, "abc"));
    }

    [Fact]
    public void EqualSpacesWorkAsDictionaryKeys()
    {
        var set = new HashSet<Space>
        {
            new Discrete(3), new Discrete(3), new Box<float>(-1f, 1f, 4), new Box<float>(-1f, 1f, 4),
            new TupleSpace(new Discrete(2), new Text(3)), new TupleSpace(new Discrete(2), new Text(3)),
        };
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void BatchedAndBlackjackSpacesCompareByStructure()
    {
        Assert.Equal(new BatchedSpace<int>(new Discrete(3), 4), new BatchedSpace<int>(new Discrete(3), 4));
        Assert.NotEqual(new BatchedSpace<int>(new Discrete(3), 4), new BatchedSpace<int>(new Discrete(3), 5));
        Assert.NotEqual(new BatchedSpace<int>(new Discrete(3), 4), new BatchedSpace<int>(new Discrete(2), 4));
        Assert.Equal(new BlackjackObservationSpace(), new BlackjackObservationSpace());
        Assert.Equal(new BlackjackObservationSpace().GetHashCode(), new BlackjackObservationSpace().GetHashCode());
    }

    /// <summary>Spaces that differ from <paramref name="space"/> in exactly one field.</summary>
    private static IEnumerable<(string What, Space Mutant)> Mutants(Space space)
    {
        switch (space)
        {
            case Discrete d:
                yield return ("n", new Discrete(d.N + 1, d.Start));
                yield return ("start", new Discrete(d.N, d.Start + 1));
                break;
            case Box<float> box:
                foreach (var m in BoxMutants(box, f => new Box<float>(box.Low, box.High, f), NudgeFloat)) yield return m;
                yield return ("dtype", new Box<double>(box.Low.Select(v => (double)v).ToArray(), box.High.Select(v => (double)v).ToArray(), box.Shape));
                break;
            case Box<double> box:
                foreach (var m in BoxMutants(box, f => new Box<double>(box.Low, box.High, f), NudgeDouble)) yield return m;
                yield return ("dtype", new Box<float>(box.Low.Select(v => (float)v).ToArray(), box.High.Select(v => (float)v).ToArray(), box.Shape));
                break;
            case Box<int> box:
                {
                    double[] low = Enumerable.Range(0, box.Size).Select(i => box.IsBoundedBelow(i) ? box.Low[i] : double.NegativeInfinity).ToArray();
                    double[] high = Enumerable.Range(0, box.Size).Select(i => box.IsBoundedAbove(i) ? box.High[i] : double.PositiveInfinity).ToArray();
                    yield return ("shape", Box<int>.FromBounds(low, high, OtherShape(box.Shape)));
                    var (l2, h2) = ((double[])low.Clone(), (double[])high.Clone());
                    if (double.IsFinite(h2[0]) && h2[0] < int.MaxValue) h2[0] += 1;
                    else if (double.IsFinite(l2[0]) && l2[0] > int.MinValue) l2[0] -= 1;
                    else l2[0] = 0;
                    yield return ("bound", Box<int>.FromBounds(l2, h2, box.Shape));
                    break;
                }
            case Box<byte> box:
                {
                    yield return ("shape", new Box<byte>(box.Low, box.High, OtherShape(box.Shape)));
                    var (low, high) = ((byte[])box.Low.Clone(), (byte[])box.High.Clone());
                    if (high[0] < 255) high[0]++;
                    else low[0]--;
                    yield return ("bound", new Box<byte>(low, high, box.Shape));
                    break;
                }
            case MultiDiscrete md:
                {
                    var nvec = md.Nvec.ToArray();
                    var start = md.Start.ToArray();
                    yield return ("shape", new MultiDiscrete(nvec, start, OtherShape(md.Shape)));
                    var n2 = (int[])nvec.Clone();
                    n2[^1]++;
                    yield return ("nvec", new MultiDiscrete(n2, start, md.Shape));
                    var s2 = (int[])start.Clone();
                    s2[0]--;
                    yield return ("start", new MultiDiscrete(nvec, s2, md.Shape));
                    break;
                }
            case MultiBinary mb:
                yield return ("shape", new MultiBinary(OtherShape(mb.Shape)));
                yield return ("size", new MultiBinary([.. mb.Shape[..^1], mb.Shape[^1] + 1]));
                break;
            case Text text:
                yield return ("max_length", new Text(text.MaxLength + 1, text.MinLength, text.CharacterList));
                yield return ("min_length", text.MinLength > 0
                    ? new Text(text.MaxLength, text.MinLength - 1, text.CharacterList)
                    : new Text(text.MaxLength + 1, 1, text.CharacterList) /* also changes max; min 0 cannot go lower */);
                yield return ("charset", new Text(text.MaxLength, text.MinLength, text.CharacterList + "z"));
                if (text.CharacterList.Length > 1)
                    yield return ("charset order", new Text(text.MaxLength, text.MinLength, new string(text.CharacterList.Reverse().ToArray())));
                break;
            case TupleSpace tuple:
                yield return ("one more subspace", new TupleSpace([.. tuple.Spaces, new Discrete(2)]));
                if (tuple.Count > 0)
                {
                    yield return ("one subspace less", new TupleSpace([.. tuple.Spaces.Skip(1)]));
                    foreach (var (what, mutant) in Mutants(tuple[0]))
                        yield return ($"subspace 0 {what}", new TupleSpace([mutant, .. tuple.Spaces.Skip(1)]));
                }
                break;
            case DictSpace dict:
                {
                    var pairs = dict.Keys.Zip(dict.Spaces, (k, s) => (k, s)).ToArray();
                    yield return ("one more key", new DictSpace([.. pairs, ("extra", new Discrete(2))]));
                    if (pairs.Length > 0)
                    {
                        yield return ("renamed key", new DictSpace([(pairs[0].k + "'", pairs[0].s), .. pairs.Skip(1)]));
                        foreach (var (what, mutant) in Mutants(pairs[0].s))
                            yield return ($"value of {pairs[0].k} {what}", new DictSpace([(pairs[0].k, mutant), .. pairs.Skip(1)]));
                    }
                    if (pairs.Length > 1)
                        yield return ("key order", new DictSpace([.. pairs.Reverse()]));
                    break;
                }
        }
    }

    private static IEnumerable<(string, Space)> BoxMutants<T>(Box<T> box, Func<int[], Box<T>> reshape, Func<T[], T[], (T[], T[])> nudge)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        yield return ("shape", reshape(OtherShape(box.Shape)));
        var (low, high) = nudge((T[])box.Low.Clone(), (T[])box.High.Clone());
        yield return ("one bound's bits", new Box<T>(low, high, box.Shape));
    }

    // Moves one bound of dimension 0 by one ulp (or makes an infinite one finite), keeping low <= high.
    private static (float[], float[]) NudgeFloat(float[] low, float[] high)
    {
        if (float.IsFinite(high[0]) && high[0] < float.MaxValue) high[0] = MathF.BitIncrement(high[0]);
        else if (float.IsFinite(low[0]) && low[0] > float.MinValue) low[0] = MathF.BitDecrement(low[0]);
        else low[0] = float.IsNegativeInfinity(low[0]) ? MathF.Min(0f, high[0]) : float.NegativeInfinity;
        return (low, high);
    }

    private static (double[], double[]) NudgeDouble(double[] low, double[] high)
    {
        if (double.IsFinite(high[0]) && high[0] < double.MaxValue) high[0] = Math.BitIncrement(high[0]);
        else if (double.IsFinite(low[0]) && low[0] > double.MinValue) low[0] = Math.BitDecrement(low[0]);
        else low[0] = double.IsNegativeInfinity(low[0]) ? Math.Min(0, high[0]) : double.NegativeInfinity;
        return (low, high);
    }

    /// <summary>A different shape with the same number of elements.</summary>
    private static int[] OtherShape(int[] shape) =>
        shape.Length > 1 ? [shape.Aggregate(1, (a, b) => a * b)] : [1, .. shape];
}
