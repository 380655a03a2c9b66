using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Tests.Spaces;

/// <summary>
/// A <see cref="BatchedSpace{T}"/> samples what Gymnasium's <c>batch_space</c> result samples, draw for draw: each
/// case below builds that batched space by hand (its samplers are checked against Gymnasium in SpacesParityTests)
/// and compares 20 samples under the same seed. VectorEnvParityTests checks the Discrete case against Gymnasium itself.
/// </summary>
public class BatchedSpaceSamplingTests
{
    [Fact]
    public void DiscreteBatchesAsMultiDiscrete() =>
        AssertSameSamples(new BatchedSpace<int>(new Discrete(5, start: 2), 7), new MultiDiscrete(Enumerable.Repeat(5, 7).ToArray(), Enumerable.Repeat(2, 7).ToArray()), rows => rows);

    [Fact]
    public void MultiDiscreteBatchesAsAnIntegerBox() =>
        AssertSameSamples(new BatchedSpace<int[]>(new MultiDiscrete([3, 4], [1, -2]), 5),
            new Box<int>(Tile([1, -2], 5), Tile([3, 1], 5), [5, 2]), rows => rows.SelectMany(r => r).ToArray());

    [Fact]
    public void MultiBinaryBatchesAsAByteBox() =>
        AssertSameSamples(new BatchedSpace<byte[]>(new MultiBinary(3), 4), new Box<byte>(0, 1, 4, 3), rows => rows.SelectMany(r => r).ToArray());

    [Fact]
    public void BoxBatchesAsATiledBoxWhoseDrawGroupsSpanTheBatch()
    {
        // unbounded, lower-bounded, upper-bounded and bounded dimensions: each group of draws runs over all rows first
        float[] low = [float.NegativeInfinity, 0f, float.NegativeInfinity, -1f], high = [float.PositiveInfinity, float.PositiveInfinity, 2f, 1f];
        AssertSameSamples(new BatchedSpace<float[]>(new Box<float>(low, high), 3), new Box<float>(Tile(low, 3), Tile(high, 3), [3, 4]),
            rows => rows.SelectMany(r => r).ToArray());
    }

    [Fact]
    public void SeedingTheBatchLeavesTheSingleSpacesGeneratorAlone()
    {
        var single = new Discrete(4);
        single.Seed(1);
        var expected = new Discrete(4);
        expected.Seed(1);
        var batch = new BatchedSpace<int>(single, 3);
        batch.Seed(2);
        batch.Sample();
        Assert.Equal(expected.Sample(), single.Sample());
    }

    [Fact]
    public void SpacesGymnasiumBatchesAsCopiesSampleElementByElementFromTheSingleSpace()
    {
        var batch = new BatchedSpace<object[]>(new TupleSpace(new Discrete(3), new Box<float>(0f, 1f, 2)), 3);
        var single = new TupleSpace(new Discrete(3), new Box<float>(0f, 1f, 2));
        batch.Seed(7);
        single.Seed(7);
        for (int k = 0; k < 5; k++)
        {
            var rows = batch.Sample();
            foreach (var row in rows) Assert.Equal(single.Describe(single.Sample()), single.Describe(row));
        }
    }

    private static void AssertSameSamples<T, TFlat>(BatchedSpace<T> batch, Space<TFlat> gymnasiumBatch, Func<T[], TFlat> flatten)
    {
        batch.Seed(42);
        gymnasiumBatch.Seed(42);
        for (int k = 0; k < 20; k++)
        {
            var sample = batch.Sample();
            Assert.True(batch.Contains(sample), $"sample {k} is outside {batch}");
            Assert.Equal(gymnasiumBatch.Sample(), flatten(sample));
        }
    }

    private static T[] Tile<T>(T[] values, int times) => Enumerable.Repeat(values, times).SelectMany(v => v).ToArray();
}
