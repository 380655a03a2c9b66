using DotGym.Spaces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DotGym.Tests.Spaces;

/// <summary>Properties over randomly generated spaces of every kind, nested Dict/Tuple included.</summary>
public class SpacePropertyTests
{
    private static Arbitrary<long> Seeds => Gen.Choose(0, int.MaxValue).Select(s => (long)s).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property EverySampleIsContained() =>
        Prop.ForAll(SpaceRecipes.Any, Seeds, (recipe, seed) =>
        {
            var space = recipe.Build();
            space.Seed(seed);
            for (int i = 0; i < 20; i++)
            {
                var sample = space.SampleObject();
                if (!space.ContainsObject(sample)) return false.Label($"sample {ValueText.Of(sample)} not in {space}");
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 150)]
    public Property FlattenThenUnflattenRoundTrips() =>
        Prop.ForAll(SpaceRecipes.Any, Seeds, (recipe, seed) =>
        {
            var space = recipe.Build();
            space.Seed(seed);
            var flatBox = SpaceUtils.FlattenSpace(space);
            for (int i = 0; i < 10; i++)
            {
                var sample = space.SampleObject();
                var flat = SpaceUtils.Flatten(space, sample);
                if (flat.Length != SpaceUtils.FlatDim(space)) return false.Label("flat length != FlatDim");
                if (!flatBox.Contains(flat)) return false.Label($"flattened {ValueText.Of(flat)} not in {flatBox}");
                var back = SpaceUtils.Unflatten(space, flat);
                if (!ValueText.Same(sample, back)) return false.Label($"{ValueText.Of(sample)} came back as {ValueText.Of(back)}");
                if (!space.ContainsObject(back)) return false.Label("unflattened value not contained");
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 150)]
    public Property SeedingTwiceRepeatsTheSamples() =>
        Prop.ForAll(SpaceRecipes.Any, Seeds, (recipe, seed) =>
        {
            var space = recipe.Build();
            var firstSeeds = space.Seed(seed);
            var first = Enumerable.Range(0, 10).Select(_ => space.SampleObject()).ToArray();
            var secondSeeds = space.Seed(seed);
            var second = Enumerable.Range(0, 10).Select(_ => space.SampleObject()).ToArray();
            var other = recipe.Build();
            other.Seed(seed);
            var third = Enumerable.Range(0, 10).Select(_ => other.SampleObject()).ToArray();
            return (firstSeeds.SequenceEqual(secondSeeds)
                    && first.Zip(second).All(p => ValueText.Same(p.First, p.Second))
                    && first.Zip(third).All(p => ValueText.Same(p.First, p.Second)))
                .Label("same seed, different samples");
        });
}
