namespace DotGym.Random;

/// <summary>
/// glibc's <c>log1p</c> (fdlibm algorithm) exactly as x86-64 glibc runs it on FMA-capable CPUs (its ifunc picks
/// the FMA build), so that numpy's ziggurat tail draws, which return <c>log1p</c> results directly, match bit for
/// bit. .NET has no log1p of its own (<c>double.LogP1</c> is <c>Log(x + 1)</c>, which loses the low bits).
/// </summary>
internal static class GlibcLog1p
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // 0x3fe62e42fee00000
    private const double Ln2Lo = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
    private const double Lp1 = 6.666666666666735130e-01;
    private const double Lp2 = 3.999999999940941908e-01;
    private const double Lp3 = 2.857142874366239149e-01;
    private const double Lp4 = 2.222219843214978396e-01;
    private const double Lp5 = 1.818357216161805012e-01;
    private const double Lp6 = 1.531383769920937332e-01;
    private const double Lp7 = 1.479819860511658591e-01;

    public static double Log1p(double x)
    {
        int hx = HighWord(x);
        int ax = hx & 0x7fffffff;
        int k;
        double f, c = 0, u;
        int hu;

        if (hx < 0x3FDA827A)
        {
            if (ax >= 0x3ff00000) return x == -1.0 ? double.NegativeInfinity : double.NaN; // x <= -1
            if (ax < 0x3e200000) // |x| < 2^-29
                return ax < 0x3c900000 ? x : Math.FusedMultiplyAdd(-(x * x), 0.5, x);
            // The compiled range test: x in (-0.2929, 0.41422) keeps k = 0 and f = x.
            if ((uint)(hx + 0x402d413c) > 0x402d413cu)
            {
                double hfsq0 = x * 0.5 * x;
                return Polynomial(x, hfsq0, 0, c);
            }
            // -1 < x <= -0.2929: fall through to the normalising path.
            (u, hu, k, c) = OnePlus(x);
        }
        else if (hx >= 0x7ff00000) return x + x; // inf or NaN
        else if (hx < 0x43400000) (u, hu, k, c) = OnePlus(x);
        else
        {
            u = x;
            hu = hx;
            k = (hx >> 20) - 1023;
            c = 0;
        }

        hu &= 0x000fffff;
        if (hu < 0x6a09e)
        {
            u = WithHighWord(u, hu | 0x3ff00000); // normalise u
        }
        else
        {
            k += 1;
            u = WithHighWord(u, hu | 0x3fe00000); // normalise u / 2
            hu = (0x00100000 - hu) >> 2;
        }
        f = u - 1.0;
        double hfsq = f * 0.5 * f;
        if (hu == 0) // |f| < 2^-20
        {
            if (f == 0)
            {
                if (k == 0) return 0.0;
                return Math.FusedMultiplyAdd(k, Ln2Hi, Math.FusedMultiplyAdd(k, Ln2Lo, c));
            }
            double r = Math.FusedMultiplyAdd(-f, 0.6666666666666666, 1.0) * hfsq;
            if (k == 0) return f - r;
            double t = r - Math.FusedMultiplyAdd(k, Ln2Lo, c) - f;
            return Math.FusedMultiplyAdd(k, Ln2Hi, -t);
        }
        return Polynomial(f, hfsq, k, c);
    }

    private static (double U, int Hu, int K, double C) OnePlus(double x)
    {
        double u = 1.0 + x;
        int hu = HighWord(u);
        int k = (hu >> 20) - 1023;
        double c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
        return (u, hu, k, c / u);
    }

    private static double Polynomial(double f, double hfsq, int k, double c)
    {
        double s = f / (2.0 + f);
        double z = s * s;
        double r2 = Math.FusedMultiplyAdd(z, Lp3, Lp2);
        double r3 = Math.FusedMultiplyAdd(z, Lp5, Lp4);
        double r4 = Math.FusedMultiplyAdd(z, Lp7, Lp6);
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z2 * z4;
        double r = Math.FusedMultiplyAdd(z, Lp1, z2 * r2);
        r = Math.FusedMultiplyAdd(z4, r3, r);
        r = Math.FusedMultiplyAdd(z6, r4, r);
        double sr = (r + hfsq) * s;
        if (k == 0) return f - (hfsq - sr);
        double t = hfsq - (Math.FusedMultiplyAdd(k, Ln2Lo, c) + sr) - f;
        return Math.FusedMultiplyAdd(k, Ln2Hi, -t);
    }

    private static int HighWord(double x) => (int)(BitConverter.DoubleToInt64Bits(x) >> 32);

    private static double WithHighWord(double x, int high) =>
        BitConverter.Int64BitsToDouble(((long)high << 32) | (BitConverter.DoubleToInt64Bits(x) & 0xffffffffL));
}
