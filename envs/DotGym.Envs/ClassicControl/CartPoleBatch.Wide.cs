using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DotGym.Envs.ClassicControl;

// The eight-envs-at-once kernel for CPUs with AVX-512. It performs the four-lane kernel's operations in the same order
// (libm or CartPoleTrig sine and cosine, Integrate with the same mass scaling, the same flag and bookkeeping logic), so a batch
// gives the same bits on machines with and without it; only the instruction count per env changes.
public sealed partial class CartPoleBatch
{
    private const int WideLanes = 8; // doubles per Vector512

    /// <summary>Whether the batch steps eight envs per instruction (AVX-512) rather than four.</summary>
    internal static bool WideKernel => Avx512F.IsSupported && Vector512.IsHardwareAccelerated && Bmi2.X64.IsSupported;

    private const ulong LowBitOfEachByte = 0x0101010101010101; // pdep of 8 lane bits into 8 bools

    // Exact and Fast get a method each: a libm call in the same method makes the JIT keep the vector state in memory
    // across calls, which slowed Fast by a fifth when they shared one.

    /// <summary>Steps envs [i, i + 8) in Exact mode; all eight must exist.</summary>
    private void StepWideExact(int i)
    {
        LoadWide(i, out var x, out var xDot, out var theta, out var thetaDot, out var force);
        var (sin, cos) = LibmSinCos(theta);
        Integrate<DivideByTotalMass>(ref x, ref xDot, ref theta, ref thetaDot, force, sin, cos);
        FinishWideStep(i, x, xDot, theta, thetaDot);
    }

    /// <summary>Steps envs [i, i + 8) in Fast mode; all eight must exist.</summary>
    private void StepWideFast(int i)
    {
        LoadWide(i, out var x, out var xDot, out var theta, out var thetaDot, out var force);
        var (sin, cos) = CartPoleTrig.SinCos(theta);
        Integrate<MultiplyByInverseTotalMass>(ref x, ref xDot, ref theta, ref thetaDot, force, sin, cos);
        FinishWideStep(i, x, xDot, theta, thetaDot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LoadWide(int i, out Vector512<double> x, out Vector512<double> xDot, out Vector512<double> theta, out Vector512<double> thetaDot,
        out Vector512<double> force)
    {
        x = Vector512.LoadUnsafe(ref _x[i]);
        xDot = Vector512.LoadUnsafe(ref _xDot[i]);
        theta = Vector512.LoadUnsafe(ref _theta[i]);
        thetaDot = Vector512.LoadUnsafe(ref _thetaDot[i]);
        // Actions were checked to be 0 or 1: 0 → −10, 1 → +10, exactly.
        var action = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref _actions[i]));
        force = action * (2 * CartPoleEnv.ForceMag) - Vector512.Create(CartPoleEnv.ForceMag);
    }

    /// <summary>Stores eight envs' new state and observations, then their rewards, flags and autoresets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FinishWideStep(int i, Vector512<double> x, Vector512<double> xDot, Vector512<double> theta, Vector512<double> thetaDot)
    {
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
        FinishWideEpisodes(i, (uint)failed);
    }

    /// <summary>
    /// <see cref="FinishStep"/> for eight envs at once, some of which fell, reached the time limit or were due a reset:
    /// the same rewards, flags, step counts and autoreset marks, computed with lane masks instead of a loop.
    /// </summary>
    private void FinishWideEpisodes(int i, uint failedBits)
    {
        ref byte needsReset = ref Unsafe.As<bool, byte>(ref _needsReset[i]);
        uint dueBits = (uint)Bmi2.X64.ParallelBitExtract(Unsafe.ReadUnaligned<ulong>(ref needsReset), LowBitOfEachByte);
        var laneBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        var due = Vector256.Equals(laneBits & Vector256.Create((int)dueBits), laneBits);
        // A lane due a reset (NextStep) ignores its step: reward 0, no flags, its step count left to the reset.
        var elapsed = Vector256.LoadUnsafe(ref _elapsedSteps[i]);
        elapsed = Vector256.ConditionalSelect(due, elapsed, elapsed + Vector256<int>.One);
        elapsed.StoreUnsafe(ref _elapsedSteps[i]);
        uint truncatedBits = Vector256.AndNot(Vector256.GreaterThanOrEqual(elapsed, Vector256.Create(MaxEpisodeSteps)), due).ExtractMostSignificantBits();
        uint terminatedBits = failedBits & ~dueBits;

        var wideLaneBits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        var dueWide = Vector512.Equals(wideLaneBits & Vector512.Create((long)dueBits), wideLaneBits).AsDouble();
        var terminatedWide = Vector512.Equals(wideLaneBits & Vector512.Create((long)terminatedBits), wideLaneBits).AsDouble();
        var rewards = Vector512.ConditionalSelect(terminatedWide, Vector512.Create(_terminalReward), Vector512.Create(_stepReward));
        Vector512.ConditionalSelect(dueWide, Vector512<double>.Zero, rewards).StoreUnsafe(ref _rewards[i]);
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _terminated[i]), Bmi2.X64.ParallelBitDeposit(terminatedBits, LowBitOfEachByte));
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _truncated[i]), Bmi2.X64.ParallelBitDeposit(truncatedBits, LowBitOfEachByte));

        uint endedBits = terminatedBits | truncatedBits;
        ref byte resetting = ref Unsafe.As<bool, byte>(ref _resetting[i]);
        if (_hasFinal is null)
        {
            // NextStep: an ended episode restarts on the next step; a due one restarts now (DrawResets clears its mark).
            Unsafe.WriteUnaligned(ref needsReset, Bmi2.X64.ParallelBitDeposit(endedBits | dueBits, LowBitOfEachByte));
            Unsafe.WriteUnaligned(ref resetting, Unsafe.ReadUnaligned<ulong>(ref resetting) | Bmi2.X64.ParallelBitDeposit(dueBits, LowBitOfEachByte));
            return;
        }
        // SameStep: an ended episode's last observation is kept as its final one and it restarts now.
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref _hasFinal[i]), Bmi2.X64.ParallelBitDeposit(endedBits, LowBitOfEachByte));
        Unsafe.WriteUnaligned(ref resetting, Unsafe.ReadUnaligned<ulong>(ref resetting) | Bmi2.X64.ParallelBitDeposit(endedBits, LowBitOfEachByte));
        for (uint bits = endedBits; bits != 0; bits &= bits - 1)
        {
            int env = i + System.Numerics.BitOperations.TrailingZeroCount(bits);
            _observations.AsSpan(env * 4, 4).CopyTo(_finalObservations.AsSpan(env * 4, 4));
        }
    }

    /// <summary>Exact mode's sine and cosine: one libm <c>sincos</c> per lane (<see cref="LibmSinCos(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Sin, Vector512<double> Cos) LibmSinCos(Vector512<double> theta)
    {
        var (s0, c0) = LibmSinCos(theta.GetElement(0));
        var (s1, c1) = LibmSinCos(theta.GetElement(1));
        var (s2, c2) = LibmSinCos(theta.GetElement(2));
        var (s3, c3) = LibmSinCos(theta.GetElement(3));
        var (s4, c4) = LibmSinCos(theta.GetElement(4));
        var (s5, c5) = LibmSinCos(theta.GetElement(5));
        var (s6, c6) = LibmSinCos(theta.GetElement(6));
        var (s7, c7) = LibmSinCos(theta.GetElement(7));
        return (Vector512.Create(s0, s1, s2, s3, s4, s5, s6, s7), Vector512.Create(c0, c1, c2, c3, c4, c5, c6, c7));
    }

    /// <summary>The four-lane <c>Integrate</c>'s operations on eight envs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Integrate<TMass>(ref Vector512<double> x, ref Vector512<double> xDot, ref Vector512<double> theta, ref Vector512<double> thetaDot,
        Vector512<double> force, Vector512<double> sin, Vector512<double> cos) where TMass : struct, ITotalMassScaling
    {
        const double poleMassLength = CartPoleEnv.PoleMassLength, tau = CartPoleEnv.Tau;
        var temp = TMass.Scale(force + poleMassLength * (thetaDot * thetaDot) * sin);
        var thetaAcc = (CartPoleEnv.Gravity * sin - cos * temp)
            / (CartPoleEnv.Length * (Vector512.Create(4.0 / 3.0) - TMass.Scale(CartPoleEnv.MassPole * (cos * cos))));
        var xAcc = temp - TMass.Scale(poleMassLength * thetaAcc * cos);
        x += tau * xDot;
        xDot += tau * xAcc;
        theta += tau * thetaDot;
        thetaDot += tau * thetaAcc;
    }

    /// <summary>How the physics divides by the constant total mass (a struct, so each use compiles to its own code).</summary>
    private interface ITotalMassScaling
    {
        static abstract Vector256<double> Scale(Vector256<double> value);
        static abstract Vector512<double> Scale(Vector512<double> value);
    }

    /// <summary>Exact: divides, as CartPoleEnv does.</summary>
    private readonly struct DivideByTotalMass : ITotalMassScaling
    {
        public static Vector256<double> Scale(Vector256<double> value) => value / CartPoleEnv.TotalMass;
        public static Vector512<double> Scale(Vector512<double> value) => value / CartPoleEnv.TotalMass;
    }

    /// <summary>Fast: multiplies by the reciprocal.</summary>
    private readonly struct MultiplyByInverseTotalMass : ITotalMassScaling
    {
        private const double InverseTotalMass = 1.0 / CartPoleEnv.TotalMass;
        public static Vector256<double> Scale(Vector256<double> value) => value * InverseTotalMass;
        public static Vector512<double> Scale(Vector512<double> value) => value * InverseTotalMass;
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
