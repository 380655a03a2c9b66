using System.Numerics;

namespace DotGym.Random;

/// <summary>
/// numpy's <c>SeedSequence</c> (pool size 4, no spawn key): hashes a non-negative integer seed into well-mixed
/// 32-bit words. Exact port so that seeds mean the same here as in Gymnasium.
/// </summary>
public sealed class SeedSequence
{
    private const int PoolSize = 4;
    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int XShift = 16;

    private readonly uint[] _pool = new uint[PoolSize];

    public SeedSequence(BigInteger entropy)
    {
        if (entropy.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(entropy), entropy, "A seed must be a non-negative integer (numpy's SeedSequence rejects negative entropy).");
        Entropy = entropy;
        MixEntropy(ToUInt32Words(entropy));
    }

    /// <summary>The seed this sequence was built from (Gymnasium returns it from <c>np_random</c>).</summary>
    public BigInteger Entropy { get; }

    /// <summary>The mixed entropy pool (4 words).</summary>
    public IReadOnlyList<uint> Pool => _pool;

    /// <summary>Little-endian 32-bit words of <paramref name="value"/> (0 → [0]).</summary>
    private static uint[] ToUInt32Words(BigInteger value)
    {
        if (value.IsZero) return [0u];
        var words = new List<uint>();
        while (!value.IsZero)
        {
            words.Add((uint)(value & uint.MaxValue));
            value >>= 32;
        }
        return words.ToArray();
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        uint result = MixMultL * x - MixMultR * y;
        result ^= result >> XShift;
        return result;
    }

    private void MixEntropy(uint[] entropy)
    {
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
            _pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) _pool[dst] = Mix(_pool[dst], HashMix(_pool[src], ref hashConst));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                _pool[dst] = Mix(_pool[dst], HashMix(entropy[src], ref hashConst));
    }

    /// <summary><c>generate_state(n, uint32)</c>.</summary>
    public uint[] GenerateState32(int words)
    {
        var state = new uint[words];
        uint hashConst = InitB;
        for (int i = 0; i < words; i++)
        {
            uint value = _pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            state[i] = value;
        }
        return state;
    }

    /// <summary><c>generate_state(n, uint64)</c>: pairs of 32-bit words, little-endian.</summary>
    public ulong[] GenerateState64(int words)
    {
        var w32 = GenerateState32(words * 2);
        var state = new ulong[words];
        for (int i = 0; i < words; i++) state[i] = w32[2 * i] | ((ulong)w32[2 * i + 1] << 32);
        return state;
    }
}
