using System.Numerics;
using System.Security.Cryptography;

namespace DotGym.Random;

/// <summary>Gymnasium's <c>gymnasium.utils.seeding</c>.</summary>
public static class Seeding
{
    /// <summary>
    /// <c>np_random(seed)</c>: a generator seeded through <see cref="SeedSequence"/>, and the seed actually used
    /// (fresh 128-bit OS entropy when <paramref name="seed"/> is null).
    /// </summary>
    public static (NpGenerator Generator, BigInteger Seed) NpRandom(long? seed)
    {
        if (seed is < 0)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be a non-negative integer, as in Gymnasium.");
        BigInteger entropy = seed ?? new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true);
        var sequence = new SeedSequence(entropy);
        return (new NpGenerator(new Pcg64(sequence)), entropy);
    }
}
