using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DotGym.Envs.ClassicControl;

// Fast mode's eight-envs-at-once kernel for CPUs with AVX-512. It performs the four-lane kernel's operations in the same
// order (CartPoleTrig.SinCos, IntegrateFast, the same flag and bookkeeping logic), so a Fast batch gives the same bits
// on machines with and without it; only the instruction count per env changes.
public sealed partial class CartPoleBatch
{
    private const int WideLanes = 8; // doubles per Vector512

    /// <summary>Whether Fast mode steps eight envs per instruction (AVX-512) rather than four.</summary>
    internal static bool WideKernel => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Steps envs [i, i + 8) in Fast mode; all eight must exist.</summary>
    private void StepWideFast(int i)
    {
        var x = Vector512.LoadUnsafe(ref _x[i]);
        var xDot = Vector512.LoadUnsafe(ref _xDot[i]);
        var theta = Vector512.LoadUnsafe(ref _theta[i]);
        var thetaDot = Vector512.LoadUnsafe(ref _thetaDot[i]);
        // Actions were checked to be 0 or 1: 0 → −10, 1 → +10, exactly.
        var action = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref _actions[i]));
        var force = action * (2 * CartPoleEnv.ForceMag) - Vector512.Create(CartPoleEnv.ForceMag);

        var (sin, cos) = CartPoleTrig.SinCos(theta);
        const double poleMassLength = CartPoleEnv.PoleMassLength, inverseTotalMass = 1.0 / CartPoleEnv.TotalMass, tau = CartPoleEnv.Tau;
        var temp = (force + poleMassLength * (thetaDot * thetaDot) * sin) * inverseTotalMass;
        var thetaAcc = (CartPoleEnv.Gravity * sin - cos * temp)
            / (CartPoleEnv.Length * (Vector512.Create(4.0 / 3.0) - CartPoleEnv.MassPole * (cos * cos) * inverseTotalMass));
        var xAcc = temp - poleMassLength * thetaAcc * cos * inverseTotalMass;
        x += tau * xDot;
        xDot += tau * xAcc;
        theta += tau * thetaDot;
        thetaDot += tau * thetaAcc;

        var thresholdX = Vector512.Create(CartPoleEnv.XThreshold);
        var thresholdTheta = Vector512.Create(CartPoleEnv.ThetaThresholdRadians);
        ulong failed = (Vector512.LessThan(x, -thresholdX) | Vector512.GreaterThan(x, thresholdX)
            | Vector512.LessThan(theta, -thresholdTheta) | Vector512.GreaterThan(theta, thresholdTheta)).ExtractMostSignificantBits();

        x.StoreUnsafe(ref _x[i]);
        xDot.StoreUnsafe(ref _xDot[i]);
        theta.StoreUnsafe(ref _theta[i]);
        thetaDot.StoreUnsafe(ref _thetaDot[i]);
        var fx = Avx512F.ConvertToVector256Single(x);
        var fxDot = Avx512F.ConvertToVector256Single(xDot);
        var fTheta = Avx512F.ConvertToVector256Single(theta);
        var fThetaDot = Avx512F.ConvertToVector256Single(thetaDot);
        WriteObservationRows(i, fx.GetLower(), fxDot.GetLower(), fTheta.GetLower(), fThetaDot.GetLower());
        WriteObservationRows(i + Lanes, fx.GetUpper(), fxDot.GetUpper(), fTheta.GetUpper(), fThetaDot.GetUpper());

        if (failed == 0 && TryFinishOrdinaryWideStep(i)) return;
        for (int lane = 0; lane < WideLanes; lane++) FinishStep(i + lane, (failed & (1ul << lane)) != 0);
    }

    /// <summary><see cref="TryFinishOrdinaryStep"/> for eight envs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFinishOrdinaryWideStep(int i)
    {
        if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<bool, byte>(ref _needsReset[i])) != 0) return false;
        var elapsed = Vector256.LoadUnsafe(ref _elapsedSteps[i]) + Vector256<int>.One;
        if (Vector256.GreaterThanOrEqualAny(elapsed, Vector256.Create(MaxEpisodeSteps))) return false;
        elapsed.StoreUnsafe(ref _elapsedSteps[i]);
        Vector512.Create(_stepReward).StoreUnsafe(ref _rewards[i]);
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _terminated[i]), 0ul);
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _truncated[i]), 0ul);
        if (_hasFinal is not null) Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _hasFinal[i]), 0ul);
        return true;
    }
}
