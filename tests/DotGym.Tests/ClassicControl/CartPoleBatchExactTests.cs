using DotGym.Envs.ClassicControl;
using DotGym.Vector;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// <see cref="CartPoleBatchMode.Exact"/> with <see cref="CartPoleBatchSeeding.GeneratorPerEnv"/>: N CartPoles stepped as
/// one batch equal N scalar <c>CartPole-v1</c> envs bit for bit, over thousands of steps with many terminations,
/// truncations and autoresets (the default one-generator seeding is checked against Gymnasium in VectorEnvParityTests).
/// </summary>
public class CartPoleBatchExactTests
{
    [Fact]
    public void LibmSinCosGivesMathSinAndMathCosBitForBit()
    {
        // Exact mode takes both from one sincos call; CartPoleEnv (and Gymnasium) call sin and cos. They must agree on
        // every angle a stepped pole can have (|theta| <= 0.2095): a dense grid and random angles, to ±0.5.
        var rng = new System.Random(17);
        int mismatches = 0;
        for (int k = 0; k < (1 << 20) + (1 << 18); k++)
        {
            double theta = k < 1 << 20 ? (k / (double)(1 << 20) - 0.5) * 0.5 : (rng.NextDouble() - 0.5);
            var (sin, cos) = CartPoleBatch.LibmSinCos(theta);
            if (BitConverter.DoubleToInt64Bits(sin) != BitConverter.DoubleToInt64Bits(Math.Sin(theta))
                || BitConverter.DoubleToInt64Bits(cos) != BitConverter.DoubleToInt64Bits(Math.Cos(theta)))
                mismatches++;
        }
        Assert.True(mismatches == 0, $"{mismatches} angles where this platform's sincos differs from sin/cos: Exact mode would not equal CartPoleEnv here; make CartPoleBatch.LibmSinCos call Math.Sin and Math.Cos.");
    }

    [Theory]
    [InlineData(1, 4000, 500, AutoresetMode.NextStep, 1, false)]
    [InlineData(7, 3000, 500, AutoresetMode.NextStep, 1, false)]
    [InlineData(64, 2000, 500, AutoresetMode.NextStep, 1, false)]
    [InlineData(7, 3000, 40, AutoresetMode.NextStep, 1, false)]
    [InlineData(64, 2000, 500, AutoresetMode.SameStep, 1, false)]
    [InlineData(7, 3000, 40, AutoresetMode.SameStep, 1, true)]
    [InlineData(64, 2000, 500, AutoresetMode.NextStep, 3, false)]
    [InlineData(61, 2000, 120, AutoresetMode.SameStep, 4, false)]
    public void BatchEqualsScalarEnvsBitForBit(int numEnvs, int steps, int maxEpisodeSteps, AutoresetMode autoreset, int threads, bool suttonBarto)
    {
        using var batch = new CartPoleBatch(numEnvs, CartPoleBatchMode.Exact, maxEpisodeSteps, threads, autoreset, suttonBarto, CartPoleBatchSeeding.GeneratorPerEnv);
        using var scalar = new ScalarCartPoles(numEnvs, maxEpisodeSteps, autoreset, suttonBarto);
        var policy = new CartPolePolicy(seed: 99);
        var actions = new int[numEnvs];

        scalar.Reset(seed: 1234);
        AssertBitsEqual(scalar.Observations, batch.Reset(seed: 1234), "reset");

        int terminations = 0, truncations = 0, ended = 0, autoresets = 0;
        for (int t = 0; t < steps; t++)
        {
            policy.Choose(scalar.Observations, actions);
            var step = batch.Step(actions);
            scalar.Step(actions);
            AssertBitsEqual(scalar.Observations, step.Observations, $"step {t} observations");
            for (int i = 0; i < numEnvs; i++)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(scalar.Rewards[i]) == BitConverter.DoubleToInt64Bits(step.Rewards[i]),
                    $"step {t} env {i}: reward {step.Rewards[i]}, scalar {scalar.Rewards[i]}");
                Assert.True(scalar.Terminated[i] == step.Terminated[i], $"step {t} env {i}: terminated {step.Terminated[i]}");
                Assert.True(scalar.Truncated[i] == step.Truncated[i], $"step {t} env {i}: truncated {step.Truncated[i]}");
                terminations += step.Terminated[i] ? 1 : 0;
                truncations += step.Truncated[i] ? 1 : 0;
                ended += step.Terminated[i] || step.Truncated[i] ? 1 : 0;
            }
            if (autoreset == AutoresetMode.SameStep)
            {
                Assert.Equal(scalar.HasFinal, step.HasFinal);
                for (int i = 0; i < numEnvs; i++)
                {
                    if (!scalar.HasFinal[i]) continue;
                    autoresets++;
                    AssertBitsEqual(scalar.FinalObservations.AsSpan(i * 4, 4), step.FinalObservations.AsSpan(i * 4, 4), $"step {t} env {i} final observation");
                }
            }
            else
            {
                Assert.Null(step.FinalObservations);
                Assert.Null(step.HasFinal);
            }
        }

        for (int i = 0; i < numEnvs; i++)
        {
            var (x, xDot, theta, thetaDot) = scalar.Unwrapped(i).State;
            Assert.Equal(
                new[] { x, xDot, theta, thetaDot }.Select(BitConverter.DoubleToInt64Bits),
                new[] { batch.GetState(i).X, batch.GetState(i).XDot, batch.GetState(i).Theta, batch.GetState(i).ThetaDot }.Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.True(terminations >= numEnvs, $"only {terminations} terminations: the rollout should end many episodes");
        if (maxEpisodeSteps < 500 || numEnvs >= 7) Assert.True(truncations > 0, "the rollout should reach the time limit");
        if (autoreset == AutoresetMode.SameStep) Assert.Equal(ended, autoresets);
    }

    [Fact]
    public void ResetWithoutSeedContinuesEachEnvsGenerator()
    {
        using var batch = new CartPoleBatch(5, seeding: CartPoleBatchSeeding.GeneratorPerEnv);
        using var scalar = new ScalarCartPoles(5, 500, AutoresetMode.NextStep, false);
        batch.Reset(seed: 7);
        scalar.Reset(seed: 7);
        var second = batch.Reset();
        for (int i = 0; i < 5; i++) AssertBitsEqual(scalar.Unwrapped(i).Reset().Observation, second.AsSpan(i * 4, 4), $"env {i}");
    }

    [Fact]
    public void UnseededBatchesDiffer()
    {
        using var a = new CartPoleBatch(3);
        using var b = new CartPoleBatch(3);
        Assert.NotEqual(a.Reset(), b.Reset().ToArray());
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var single = Rollout(threads: 1);
        Assert.Equal(single, Rollout(threads: 2));
        Assert.Equal(single, Rollout(threads: 5));

        static List<int> Rollout(int threads)
        {
            using var batch = new CartPoleBatch(203, CartPoleBatchMode.Fast, threads: threads);
            var policy = new CartPolePolicy(seed: 3, randomFraction: 0.5);
            var actions = new int[203];
            var bits = new List<int>();
            var obs = batch.Reset(seed: 5);
            for (int t = 0; t < 300; t++)
            {
                policy.Choose(obs, actions);
                var step = batch.Step(actions);
                obs = step.Observations;
                bits.AddRange(obs.Select(BitConverter.SingleToInt32Bits));
                bits.AddRange(step.Terminated.Select(f => f ? 1 : 0));
            }
            return bits;
        }
    }

    [Fact]
    public void SteppingAllocatesNothing()
    {
        foreach (var mode in new[] { CartPoleBatchMode.Exact, CartPoleBatchMode.Fast })
        {
            using var batch = new CartPoleBatch(37, mode);
            var actions = new int[37];
            batch.Reset(seed: 0);
            for (int t = 0; t < 200; t++) batch.Step(actions); // warm up (JIT tiers)
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < 2000; t++)
            {
                actions[t % 37] ^= 1;
                batch.Step(actions);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    internal static void AssertBitsEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            if (BitConverter.SingleToInt32Bits(expected[k]) != BitConverter.SingleToInt32Bits(actual[k]))
                Assert.Fail($"{where}: element {k} (env {k / 4}, component {k % 4}) is {actual[k]:R}, scalar env gives {expected[k]:R}");
        }
    }
}
