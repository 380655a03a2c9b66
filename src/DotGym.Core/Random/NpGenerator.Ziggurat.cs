namespace DotGym.Random;

// numpy's ziggurat samplers (random_standard_normal / random_standard_exponential in distributions.c), step for step.
public sealed partial class NpGenerator
{
    /// <summary><c>standard_normal()</c>: numpy's 256-layer ziggurat on one 64-bit draw (more only when rejected).</summary>
    public double StandardNormal()
    {
        var ki = ZigguratTables.Ki;
        var wi = ZigguratTables.Wi;
        var fi = ZigguratTables.Fi;
        while (true)
        {
            ulong r = BitGenerator.NextUInt64();
            int idx = (int)(r & 0xff);
            r >>= 8;
            bool negative = (r & 1) != 0;
            ulong rabs = (r >> 1) & 0x000fffffffffffffUL;
            double x = rabs * wi[idx];
            if (negative) x = -x;
            if (rabs < ki[idx]) return x; // about 99.3% of draws
            if (idx == 0)
            {
                // Tail beyond r; 1 - U avoids log(0) (numpy GH 13361).
                while (true)
                {
                    double xx = -ZigguratTables.NormalInvR * GlibcLog1p.Log1p(-BitGenerator.NextDouble());
                    double yy = -GlibcLog1p.Log1p(-BitGenerator.NextDouble());
                    if (yy + yy > xx * xx)
                        return ((rabs >> 8) & 1) != 0 ? -(ZigguratTables.NormalR + xx) : ZigguratTables.NormalR + xx;
                }
            }
            if ((fi[idx - 1] - fi[idx]) * BitGenerator.NextDouble() + fi[idx] < Math.Exp(-0.5 * x * x)) return x;
        }
    }

    /// <summary><c>standard_exponential()</c>: numpy's 256-layer ziggurat on one 64-bit draw (more only when rejected).</summary>
    public double StandardExponential()
    {
        var ke = ZigguratTables.Ke;
        var we = ZigguratTables.We;
        var fe = ZigguratTables.Fe;
        while (true)
        {
            ulong ri = BitGenerator.NextUInt64() >> 3;
            int idx = (int)(ri & 0xff);
            ri >>= 8;
            double x = ri * we[idx];
            if (ri < ke[idx]) return x; // about 98.9% of draws
            if (idx == 0) return ZigguratTables.ExponentialR - GlibcLog1p.Log1p(-BitGenerator.NextDouble());
            if ((fe[idx - 1] - fe[idx]) * BitGenerator.NextDouble() + fe[idx] < Math.Exp(-x)) return x;
            // Rejected in the wedge: numpy starts over with a fresh draw.
        }
    }

    /// <summary><c>normal(loc, scale)</c> = <c>loc + scale * standard_normal()</c>.</summary>
    public double Normal(double loc = 0.0, double scale = 1.0)
    {
        EnsureNonNegativeScale(scale, "normal");
        return loc + scale * StandardNormal();
    }

    /// <summary><c>exponential(scale)</c> = <c>scale * standard_exponential()</c>.</summary>
    public double Exponential(double scale = 1.0)
    {
        EnsureNonNegativeScale(scale, "exponential");
        return scale * StandardExponential();
    }

    // numpy's CONS_NON_NEGATIVE: a set sign bit (including -0.0) is rejected, NaN passes through.
    private static void EnsureNonNegativeScale(double scale, string method)
    {
        if (!double.IsNaN(scale) && double.IsNegative(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"{method}() needs scale >= 0, as numpy does; pass a non-negative scale.");
    }
}
