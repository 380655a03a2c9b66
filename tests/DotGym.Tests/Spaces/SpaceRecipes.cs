using DotGym.Spaces;
using FsCheck;
using FsCheck.Fluent;

namespace DotGym.Tests.Spaces;

/// <summary>A way to build a fresh space (spaces carry generator state), printed by its description.</summary>
public sealed record SpaceRecipe(string Description, Func<Space> Build)
{
    public override string ToString() => Description;
}

/// <summary>FsCheck generators of random spaces of every kind: shapes, bounds (infinite too), dtypes, nesting.</summary>
public static class SpaceRecipes
{
    public static Arbitrary<SpaceRecipe> Any => Gen.Sized(size => Recipe(Math.Min(size / 30, 2))).ToArbitrary();

    private static Gen<int[]> Shape(int maxRank) =>
        from rank in Gen.Choose(1, maxRank)
        from dims in Gen.ArrayOf(Gen.Choose(1, 3), rank)
        select dims;

    private static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    // Bound kinds: 0 bounded, 1 below only, 2 above only, 3 unbounded.
    private static Gen<(double Low, double High)> Bounds =>
        from kind in Gen.Choose(0, 3)
        from low in Gen.Choose(-1000, 1000)
        from width in Gen.Choose(0, 100)
        select kind switch
        {
            0 => (low / 10.0, low / 10.0 + width / 10.0),
            1 => (low / 10.0, double.PositiveInfinity),
            2 => (double.NegativeInfinity, low / 10.0),
            _ => (double.NegativeInfinity, double.PositiveInfinity),
        };

    private static Gen<SpaceRecipe> FloatBox =>
        from shape in Shape(3)
        from bounds in Gen.ArrayOf(Bounds, Size(shape))
        from single in Gen.Elements(true, false)
        select single
            ? new SpaceRecipe($"Box<float>[{Describe(bounds)}] {string.Join("x", shape)}",
                () => new Box<float>(bounds.Select(b => (float)b.Low).ToArray(), bounds.Select(b => (float)b.High).ToArray(), shape))
            : new SpaceRecipe($"Box<double>[{Describe(bounds)}] {string.Join("x", shape)}",
                () => new Box<double>(bounds.Select(b => b.Low).ToArray(), bounds.Select(b => b.High).ToArray(), shape));

    private static Gen<SpaceRecipe> IntBox =>
        from shape in Shape(2)
        from bounds in Gen.ArrayOf(Bounds, Size(shape))
        select new SpaceRecipe($"Box<int>.FromBounds[{Describe(bounds)}]",
            () => Box<int>.FromBounds(bounds.Select(b => Math.Floor(b.Low)).ToArray(), bounds.Select(b => Math.Floor(b.High)).ToArray(), shape));

    private static Gen<SpaceRecipe> ByteBox =>
        from shape in Shape(3)
        from low in Gen.Choose(0, 255)
        from high in Gen.Choose(low, 255)
        select new SpaceRecipe($"Box<byte>({low}, {high}) {string.Join("x", shape)}", () => new Box<byte>((byte)low, (byte)high, shape));

    private static Gen<SpaceRecipe> DiscreteSpace =>
        from n in Gen.Choose(1, 20)
        from start in Gen.Choose(-10, 10)
        select new SpaceRecipe($"Discrete({n}, start={start})", () => new Discrete(n, start));

    private static Gen<SpaceRecipe> MultiDiscreteSpace =>
        from shape in Shape(2)
        from nvec in Gen.ArrayOf(Gen.Choose(1, 6), Size(shape))
        from start in Gen.ArrayOf(Gen.Choose(-5, 5), Size(shape))
        select new SpaceRecipe($"MultiDiscrete([{string.Join(" ", nvec)}], start=[{string.Join(" ", start)}])", () => new MultiDiscrete(nvec, start, shape));

    private static Gen<SpaceRecipe> MultiBinarySpace =>
        from shape in Shape(2)
        select new SpaceRecipe($"MultiBinary({string.Join("x", shape)})", () => new MultiBinary(shape));

    private static Gen<SpaceRecipe> TextSpace =>
        from minLength in Gen.Choose(0, 3)
        from extra in Gen.Choose(0, 6)
        from chars in Gen.Shuffle("abcdefgh".ToCharArray())
        from count in Gen.Choose(1, 8)
        let charset = new string(chars.Take(count).ToArray())
        select new SpaceRecipe($"Text({minLength}, {minLength + extra}, charset={charset})", () => new Text(minLength + extra, minLength, charset));

    private static Gen<SpaceRecipe> Leaf => Gen.OneOf(FloatBox, IntBox, ByteBox, DiscreteSpace, MultiDiscreteSpace, MultiBinarySpace, TextSpace);

    private static Gen<SpaceRecipe> Recipe(int depth)
    {
        if (depth <= 0) return Leaf;
        var children = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Recipe(depth - 1), n));
        var tuple = children.Select(c => new SpaceRecipe($"Tuple({string.Join(", ", c.Select(r => r.Description))})",
            () => new TupleSpace(c.Select(r => r.Build()).ToArray())));
        var dict = children.Select(c => new SpaceRecipe($"Dict({string.Join(", ", c.Select((r, i) => $"k{i}: {r.Description}"))})",
            () => new DictSpace(c.Select((r, i) => ($"k{c.Length - i}", r.Build())).ToArray())));
        return Gen.Frequency((3, Leaf), (1, tuple), (1, dict));
    }

    private static string Describe((double Low, double High)[] bounds) => string.Join(" ", bounds.Select(b => $"{b.Low}..{b.High}"));
}
