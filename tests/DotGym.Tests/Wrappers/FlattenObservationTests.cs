using DotGym.Checking;
using DotGym.Spaces;
using DotGym.Wrappers;
using FsCheck;
using FsCheck.Xunit;

namespace DotGym.Tests.Wrappers;

public class FlattenObservationTests
{
    [Fact]
    public void DictObservationsFlattenInKeyOrderWithEachPartsBounds()
    {
        var env = FlattenObservation.ToDouble(new DictObservationEnv());
        // position [-1, 2]^2, grid one-hot 3 + 2, flags 3 binary, mode one-hot 4.
        double[] low = [-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        double[] high = [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        var space = Assert.IsType<Box<double>>(env.ObservationSpace);
        Assert.Equal(low, space.Low);
        Assert.Equal(high, space.High);

        var tap = new DictObservationEnv();
        var expected = tap.Reset(seed: 3).Observation;
        var flat = env.Reset(seed: 3).Observation;
        Assert.Equal(((float[])expected["position"]).Select(v => (double)v), flat[0..2]);
        var grid = (int[])expected["grid"];
        Assert.Equal(1.0, flat[2 + grid[0]]);
        Assert.Equal(1.0, flat[5 + grid[1] + 1]);
        Assert.Equal(((byte[])expected["flags"]).Select(v => (double)v), flat[7..10]);
        Assert.Equal(1.0, flat[10 + (int)expected["mode"] - 1]);
        Assert.Equal(3.0, flat[2..].Where((_, i) => i < 5 || i >= 8).Sum()); // one one-hot entry per discrete part
    }

    [Fact]
    public void TupleObservationsKeepIntegerBoxBoundsAndOneHotTheDiscretePart()
    {
        var env = FlattenObservation.ToSingle(new TupleObservationEnv());
        Assert.Equal("Box([0.0 0.0 0.0 0.0 0.0 -3.0 -3.0 0.0], [1.0 1.0 1.0 1.0 1.0 3.0 3.0 10.0], (8,), float32)", env.ObservationSpace.ToString());
        var raw = new TupleObservationEnv();
        raw.Reset(seed: 9);
        env.Reset(seed: 9);
        var expected = raw.Step(2).Observation;
        var flat = env.Step(2).Observation;
        Assert.Equal(1f, flat[(int)expected[0]]);
        Assert.Equal(((int[])expected[1]).Select(v => (float)v), flat[5..7]);
        Assert.Equal((float)((double[])expected[2])[0], flat[7]);
    }

    [Fact]
    public void MultiDiscreteObservationsFlattenWithoutAllocating()
    {
        var env = FlattenObservation.ToDouble(new MultiDiscreteObservationEnv());
        Assert.Equal("Box(0.0, 1.0, (9,), float64)", env.ObservationSpace.ToString());
        AssertStepsAllocateNothing(env);
        var flat = env.Step(2).Observation;
        Assert.Equal(3.0, flat.Sum());
        Assert.Equal(1.0, flat[4 + 2]);
    }

    [Fact]
    public void BoxObservationsFlattenWithoutAllocatingToEitherPrecision()
    {
        AssertStepsAllocateNothing(FlattenObservation.ToSingle(new WalkerEnv()));
        AssertStepsAllocateNothing(FlattenObservation.ToDouble(new WalkerEnv()));
    }

    private static void AssertStepsAllocateNothing<TObs>(Env<TObs, int> env)
    {
        env.Reset(seed: 1);
        env.Step(1); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 5; t++) env.Step(t % 3);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void UnflattenableOrBoundlessSpacesAreRejectedClearly()
    {
        var e = Assert.Throws<ArgumentException>(() => FlattenObservation.ToDouble(Transform.Observation(new WalkerEnv(), o => o, new NoBoundsSpace())));
        Assert.Contains("GetFlatBounds", e.Message);
    }

    private sealed class NoBoundsSpace() : Space<float[]>([2])
    {
        public override int FlatDim => 2;
        public override float[] Sample() => [0f, 0f];
        public override bool Contains(float[] value) => value.Length == 2;
        public override void Flatten(float[] value, Span<double> destination) { destination[0] = value[0]; destination[1] = value[1]; }
        public override float[] Unflatten(ReadOnlySpan<double> flat) => [(float)flat[0], (float)flat[1]];
    }

    /// <summary>Captures a copy of every observation passing through, to compare with the flattened one.</summary>
    private static (Env<double[], int> Flat, Func<object> Last) Tapped<TObs>(Env<TObs, int> env)
    {
        object? last = null;
        var tap = Transform.Observation(env, o => { last = DataEquivalence.Snapshot(o)!; return o; });
        return (FlattenObservation.ToDouble(tap), () => last!);
    }

    [Property(MaxTest = 40)]
    public void FlatObservationsLieInTheFlatSpaceAndUnflattenToTheOriginal(NonNegativeInt seed, byte[] actions, byte envChoice)
    {
        var (env, last) = (envChoice % 3) switch
        {
            0 => Tapped(new DictObservationEnv()),
            1 => Tapped(new TupleObservationEnv()),
            _ => Tapped(new MultiDiscreteObservationEnv()),
        };
        var innerSpace = env.Unwrapped.ObservationSpace;
        void Check(double[] flat)
        {
            Assert.True(env.ObservationSpace.Contains(flat), $"[{string.Join(", ", flat)}] outside {env.ObservationSpace}");
            var original = last();
            var unflattened = SpaceUtils.Unflatten(innerSpace, flat);
            Assert.True(SameElement(original, unflattened), $"{ElementTextOf(original)} unflattened as {ElementTextOf(unflattened)}");
        }
        Check(env.Reset(seed: seed.Get).Observation);
        foreach (var a in actions.Take(20))
        {
            var r = env.Step(a % 3);
            Check(r.Observation);
            if (r.Terminated) Check(env.Reset().Observation);
        }
    }

    /// <summary>Exact structural equality: dictionaries by key, tuples and arrays element-wise, values by Equals.</summary>
    private static bool SameElement(object? a, object? b) => (a, b) switch
    {
        (IReadOnlyDictionary<string, object> x, IReadOnlyDictionary<string, object> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && SameElement(kv.Value, v)),
        (Array x, Array y) => x.GetType() == y.GetType() && x.Length == y.Length && Enumerable.Range(0, x.Length).All(i => SameElement(x.GetValue(i), y.GetValue(i))),
        _ => Equals(a, b),
    };

    private static string ElementTextOf(object value) => value switch
    {
        IReadOnlyDictionary<string, object> d => "{" + string.Join(", ", d.Select(kv => $"{kv.Key}: {ElementTextOf(kv.Value)}")) + "}",
        object[] t => "(" + string.Join(", ", t.Select(ElementTextOf)) + ")",
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => value.ToString() ?? "null",
    };
}
