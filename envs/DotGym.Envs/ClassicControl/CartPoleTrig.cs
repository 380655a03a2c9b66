using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// Sine and cosine for the angles a CartPole pole can have when it is stepped, as plain multiply-add polynomials
/// (no range reduction, no table, no fused multiply-add, so every machine gives the same bits).
/// <para>
/// Only non-terminal states are stepped, so the angle is within ±12° (±0.2095 rad); the polynomials are the Taylor
/// series to degree 11 (sine) and 10 (cosine), whose truncation error there is below 1e-17 — what remains is the
/// rounding of the evaluation. Outside ±<see cref="ValidRange"/> the error grows quickly: do not use them there.
/// </para>
/// </summary>
public static class CartPoleTrig
{
    /// <summary>The angle range (radians) on which <see cref="MaxAbsError"/> holds: ±0.25 covers CartPole's ±0.2095.</summary>
    public const double ValidRange = 0.25;

    /// <summary>
    /// The largest |error| against <c>Math.Sin</c>/<c>Math.Cos</c> on ±<see cref="ValidRange"/>, measured on a
    /// dense grid of 2^20 angles plus 2^18 random ones (tests/DotGym.Tests/ClassicControl/CartPoleBatchFastTests.cs
    /// checks it): measured 2.8e-17 for sine and 2.2e-16 for cosine, one unit in the last place.
    /// </summary>
    public const double MaxAbsError = 2.3e-16;

    private const double S3 = -1.0 / 6, S5 = 1.0 / 120, S7 = -1.0 / 5040, S9 = 1.0 / 362880, S11 = -1.0 / 39916800;
    private const double C2 = -1.0 / 2, C4 = 1.0 / 24, C6 = -1.0 / 720, C8 = 1.0 / 40320, C10 = -1.0 / 3628800;

    /// <summary>Sine and cosine of each lane of <paramref name="x"/> (|x| ≤ <see cref="ValidRange"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCos(Vector256<double> x)
    {
        var x2 = x * x;
        var s = Vector256.Create(S11) * x2 + Vector256.Create(S9);
        s = s * x2 + Vector256.Create(S7);
        s = s * x2 + Vector256.Create(S5);
        s = s * x2 + Vector256.Create(S3);
        var c = Vector256.Create(C10) * x2 + Vector256.Create(C8);
        c = c * x2 + Vector256.Create(C6);
        c = c * x2 + Vector256.Create(C4);
        c = c * x2 + Vector256.Create(C2);
        return (x + x * x2 * s, Vector256<double>.One + x2 * c);
    }

    /// <summary>The eight-lane form of <see cref="SinCos(Vector256{double})"/>: the same operations, so the same bits per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Sin, Vector512<double> Cos) SinCos(Vector512<double> x)
    {
        var x2 = x * x;
        var s = Vector512.Create(S11) * x2 + Vector512.Create(S9);
        s = s * x2 + Vector512.Create(S7);
        s = s * x2 + Vector512.Create(S5);
        s = s * x2 + Vector512.Create(S3);
        var c = Vector512.Create(C10) * x2 + Vector512.Create(C8);
        c = c * x2 + Vector512.Create(C6);
        c = c * x2 + Vector512.Create(C4);
        c = c * x2 + Vector512.Create(C2);
        return (x + x * x2 * s, Vector512<double>.One + x2 * c);
    }

    /// <summary>The scalar form of <see cref="SinCos(Vector256{double})"/>: the same operations, so the same bits.</summary>
    public static (double Sin, double Cos) SinCos(double x)
    {
        var (sin, cos) = SinCos(Vector256.Create(x));
        return (sin.ToScalar(), cos.ToScalar());
    }
}
