namespace DotGym.Random;

/// <summary>
/// numpy's <c>PCG64</c> bit generator (128-bit LCG with XSL-RR output), including its 32-bit half-word buffer
/// that <c>next_uint32</c> shares across calls.
/// </summary>
public sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    public Pcg64(SeedSequence seedSequence)
    {
        var v = seedSequence.GenerateState64(4);
        var initState = new UInt128(v[0], v[1]);
        var initSeq = new UInt128(v[2], v[3]);
        // pcg_setseq_128_srandom_r
        State = 0;
        Increment = (initSeq << 1) | 1;
        State = State * Multiplier + Increment;
        State += initState;
        State = State * Multiplier + Increment;
    }

    public UInt128 State { get; set; }
    public UInt128 Increment { get; set; }
    /// <summary>True when the high half of the last 64-bit draw waits in <see cref="BufferedUInt32"/>.</summary>
    public bool HasUInt32 { get; set; }
    public uint BufferedUInt32 { get; set; }

    public ulong NextUInt64()
    {
        State = State * Multiplier + Increment;
        ulong hi = (ulong)(State >> 64), lo = (ulong)State;
        int rot = (int)(hi >> 58);
        return ulong.RotateRight(hi ^ lo, rot);
    }

    /// <summary>Low 32 bits of a fresh draw; the high 32 bits are served by the next call.</summary>
    public uint NextUInt32()
    {
        if (HasUInt32)
        {
            HasUInt32 = false;
            return BufferedUInt32;
        }
        ulong next = NextUInt64();
        HasUInt32 = true;
        BufferedUInt32 = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
}
