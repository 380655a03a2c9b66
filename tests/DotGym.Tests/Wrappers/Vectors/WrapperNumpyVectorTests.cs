using System.Numerics;
using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Tests.Wrappers;

/// <summary>One RescaleAction vector: the inner box, the new bounds, and bit patterns (uint32 for float, uint64 for double).</summary>
public sealed record RescaleCase(string Type, double[] Low, double[] High, double[] Min, double[] Max,
    ulong[] Gradient, ulong[] Intercept, ulong[] Actions, ulong[] Delivered);

/// <summary>One NormalizeObservation vector over float64 observations (3 values each).</summary>
public sealed record NormalizeCase(bool Update, ulong[] Observations, uint[] Outputs, ulong[] FinalMean, ulong[] FinalVar);

/// <summary>
/// Bit-exact checks against vectors computed with numpy 1.24.2 from a transcription of Gymnasium 1.4.0's wrapper
/// arithmetic (Vectors/make_wrapper_vectors.py): RescaleAction's long-double gradient and unclipped inverse map, and
/// NormalizeObservation's float32-to-float64 promotion of its statistics for float64 observations.
/// </summary>
public class WrapperNumpyVectorTests
{
    public static TheoryData<int> RescaleCases() => new(Enumerable.Range(0, WrapperNumpyVectors.Rescale.Length));
    public static TheoryData<int> NormalizeCases() => new(Enumerable.Range(0, WrapperNumpyVectors.NormalizeDouble.Length));

    [Theory]
    [MemberData(nameof(RescaleCases))]
    public void RescaleActionDeliversNumpysActions(int index)
    {
        var c = WrapperNumpyVectors.Rescale[index];
        if (c.Type == "float") CheckRescale<float>(c, bits => BitConverter.UInt32BitsToSingle((uint)bits), v => BitConverter.SingleToUInt32Bits(v));
        else CheckRescale<double>(c, BitConverter.UInt64BitsToDouble, BitConverter.DoubleToUInt64Bits);
    }

    private static void CheckRescale<T>(RescaleCase c, Func<ulong, T> fromBits, Func<T, ulong> toBits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var probe = new ActionProbeEnv<T>(new Box<T>(Array.ConvertAll(c.Low, T.CreateTruncating), Array.ConvertAll(c.High, T.CreateTruncating)));
        var env = new RescaleAction<int, T>(probe, c.Min, c.Max);
        var space = Assert.IsType<Box<T>>(env.ActionSpace);
        Assert.Equal(Array.ConvertAll(c.Min, T.CreateTruncating), space.Low);
        Assert.Equal(Array.ConvertAll(c.Max, T.CreateTruncating), space.High);
        env.Reset(seed: 0);
        int n = c.Low.Length;
        for (int row = 0; row < c.Actions.Length / n; row++)
        {
            var action = Enumerable.Range(0, n).Select(i => fromBits(c.Actions[row * n + i])).ToArray();
            env.Step(action);
            var expected = c.Delivered.Skip(row * n).Take(n).ToArray();
            Assert.Equal(expected, probe.LastAction!.Select(toBits).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(NormalizeCases))]
    public void NormalizeObservationOfFloat64MatchesNumpy(int index)
    {
        var c = WrapperNumpyVectors.NormalizeDouble[index];
        var observations = c.Observations.Chunk(3).Select(o => o.Select(BitConverter.UInt64BitsToDouble).ToArray()).ToArray();
        var env = NormalizeObservation.Create(new ObservationSequenceEnv(observations));
        env.UpdateRunningMean = c.Update;
        var outputs = new List<uint>();
        outputs.AddRange(env.Reset(seed: 0).Observation.Select(BitConverter.SingleToUInt32Bits));
        for (int t = 1; t < observations.Length; t++) outputs.AddRange(env.Step(0).Observation.Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal(c.Outputs, outputs.ToArray());
        Assert.Equal(c.FinalMean, env.ObservationRms.Mean.Select(BitConverter.DoubleToUInt64Bits).ToArray());
        Assert.Equal(c.FinalVar, env.ObservationRms.Var.Select(BitConverter.DoubleToUInt64Bits).ToArray());
        Assert.Equal(!c.Update, env.ObservationRms.StoresFloat32);
    }

    /// <summary>Records the action it receives, in or out of its box (Gymnasium's RescaleAction does not clip).</summary>
    private sealed class ActionProbeEnv<T>(Box<T> actionSpace) : Env<int, T[]> where T : unmanaged, INumber<T>
    {
        public override Space<int> ObservationSpace { get; } = new Discrete(1);
        public override Space<T[]> ActionSpace { get; } = actionSpace;
        public T[]? LastAction { get; private set; }

        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
        {
            SeedRandom(seed);
            return new ResetResult<int>(0, Infos.Empty);
        }

        public override StepResult<int> Step(T[] action)
        {
            LastAction = (T[])action.Clone();
            return new StepResult<int>(0, 0, false, false, Infos.Empty);
        }
    }

    /// <summary>Returns the given float64 observations in order: the first on reset, one more per step.</summary>
    private sealed class ObservationSequenceEnv(double[][] observations) : Env<double[], int>
    {
        private int _next;

        public override Space<double[]> ObservationSpace { get; } = new Box<double>(double.NegativeInfinity, double.PositiveInfinity, 3);
        public override Space<int> ActionSpace { get; } = new Discrete(1);

        public override ResetResult<double[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
        {
            SeedRandom(seed);
            _next = 1;
            return new ResetResult<double[]>(observations[0], Infos.Empty);
        }

        public override StepResult<double[]> Step(int action) => new(observations[_next++], 0, false, false, Infos.Empty);
    }
}
