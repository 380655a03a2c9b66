using System.Numerics;

namespace DotGym.Spaces;

/// <summary>Gymnasium's seeding of composite spaces (<c>Dict.seed</c>, <c>Tuple.seed</c>).</summary>
internal static class CompositeSeeding
{
    /// <summary>
    /// <c>seed(int)</c>: seeds the composite's own generator, draws one <c>integers(2**31 - 1)</c> per subspace
    /// from it and seeds each subspace with its number; <c>seed(None)</c> seeds every subspace from OS entropy.
    /// Returns the subspaces' seeds in order (nested composites contribute theirs, flattened).
    /// </summary>
    public static IReadOnlyList<BigInteger> Seed(Space composite, IReadOnlyList<Space> subspaces, long? seed, Action<long?> seedSelf)
    {
        var seeds = new List<BigInteger>();
        if (seed is null)
        {
            foreach (var space in subspaces) seeds.AddRange(space.Seed(null));
            return seeds;
        }
        seedSelf(seed);
        // Draw all subseeds first (numpy's size=len(spaces) call), then seed the subspaces.
        var subseeds = new long[subspaces.Count];
        for (int i = 0; i < subseeds.Length; i++) subseeds[i] = composite.NpRandom.Integers(int.MaxValue);
        for (int i = 0; i < subseeds.Length; i++) seeds.AddRange(subspaces[i].Seed(subseeds[i]));
        return seeds;
    }
}
