using DotGym.Envs.ClassicControl;
using DotGym.Random;
using DotGym.Vector;
using Xunit.Abstractions;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// <see cref="CartPoleBatchMode.Fast"/>: the polynomial trigonometry's error bound and how far a fast rollout drifts
/// from an exact one (the figures quoted in <see cref="CartPoleTrig"/> and <see cref="CartPoleBatch"/>).
/// </summary>
public class CartPoleBatchFastTests(ITestOutputHelper output)
{
    [Fact]
    public void PolynomialSinCosStayWithinTheStatedBound()
    {
        double maxSin = 0, maxCos = 0;
        const int gridPoints = 1 << 20;
        for (int k = 0; k <= gridPoints; k++) Measure(-CartPoleTrig.ValidRange + 2 * CartPoleTrig.ValidRange * k / gridPoints);
        var rng = Seeding.NpRandom(1).Generator;
        for (int k = 0; k < 1 << 18; k++) Measure(rng.Uniform(-CartPoleTrig.ValidRange, CartPoleTrig.ValidRange));
        Measure(CartPoleEnv.ThetaThresholdRadians);
        Measure(-CartPoleEnv.ThetaThresholdRadians);
        output.WriteLine($"max |sin error| = {maxSin:E3}, max |cos error| = {maxCos:E3} on ±{CartPoleTrig.ValidRange}");
        Assert.InRange(maxSin, 0, CartPoleTrig.MaxAbsError);
        Assert.InRange(maxCos, 0, CartPoleTrig.MaxAbsError);

        void Measure(double x)
        {
            var (sin, cos) = CartPoleTrig.SinCos(x);
            maxSin = Math.Max(maxSin, Math.Abs(sin - Math.Sin(x)));
            maxCos = Math.Max(maxCos, Math.Abs(cos - Math.Cos(x)));
        }
    }

    [Fact]
    public void PolynomialIsOddAndEvenAndExactAtZero()
    {
        Assert.Equal((0.0, 1.0), CartPoleTrig.SinCos(0.0));
        var (sin, cos) = CartPoleTrig.SinCos(0.123);
        Assert.Equal((-sin, cos), CartPoleTrig.SinCos(-0.123));
    }

    /// <summary>Episode-step ranges over which drift is reported: steps 1-20, 21-50, 51-100, 101-200, 201-500.</summary>
    private static readonly int[] DriftBucketEnds = [20, 50, 100, 200, 500];

    [Fact]
    public void RandomActionRolloutDriftsFromExactOnlyByRounding()
    {
        // Random actions: episodes last about 20 steps, too short for the instability to amplify rounding differences.
        var drift = MeasureDrift(new CartPolePolicy(seed: 21, randomFraction: 1.0), steps: 3000);
        Assert.Equal(0, drift.Desynchronised);
        Assert.True(drift.EpisodeEnds > 1000, $"only {drift.EpisodeEnds} episode ends");
        // Measured: 1.3e-15 and 8.9e-15 (state); the float32 observations were equal at every step.
        Assert.InRange(drift.StateByBucket[0], 0, 1e-14);
        Assert.InRange(drift.StateByBucket[1], 0, 1e-13);
        Assert.InRange(drift.ObservationByBucket.Max(), 0, 2.4e-7); // at most one float32 rounding step of a value below 4
    }

    [Fact]
    public void LongEpisodeDriftGrowsWithTheDynamicsInstability()
    {
        // Mostly balanced: episodes run up to 500 steps and the upright pole amplifies the last-bit differences
        // (about tenfold every ten steps), so long episodes of Fast and Exact part ways under the same actions.
        var drift = MeasureDrift(new CartPolePolicy(seed: 22), steps: 3000);
        // Measured: 1.3e-15, 7.4e-15, 3.2e-13, 6.8e-10 up to episode steps 20, 50, 100, 200; order 1 by step 500.
        Assert.InRange(drift.StateByBucket[0], 0, 1e-14);
        Assert.InRange(drift.StateByBucket[1], 0, 1e-13);
        Assert.InRange(drift.StateByBucket[2], 0, 1e-11);
        Assert.InRange(drift.StateByBucket[3], 0, 1e-7);
        Assert.InRange(drift.ObservationByBucket[2], 0, 0); // float32 rounding hides the first 100 steps' drift
    }

    [Theory]
    [InlineData(AutoresetMode.NextStep)]
    [InlineData(AutoresetMode.SameStep)]
    public void EightLaneKernelGivesTheFourLaneKernelsBits(AutoresetMode autoreset)
    {
        // A 16-env Fast batch runs the AVX-512 kernel (where the CPU has it); a 4-env batch is one four-lane vector.
        // With one generator per env (seed + i), env 4k + j of the big batch is env j of the k-th small one, so every
        // observation, reward and flag must agree bit for bit, episode ends and resets included.
        output.WriteLine($"AVX-512 kernel on this machine: {CartPoleBatch.WideKernel}");
        const int numEnvs = 16, smallEnvs = 4;
        using var wide = new CartPoleBatch(numEnvs, CartPoleBatchMode.Fast, autoreset: autoreset, seeding: CartPoleBatchSeeding.GeneratorPerEnv);
        var narrow = Enumerable.Range(0, numEnvs / smallEnvs)
            .Select(_ => new CartPoleBatch(smallEnvs, CartPoleBatchMode.Fast, autoreset: autoreset, seeding: CartPoleBatchSeeding.GeneratorPerEnv)).ToArray();
        var policy = new CartPolePolicy(seed: 23);
        var actions = new int[numEnvs];
        var observations = wide.Reset(seed: 40).ToArray();
        for (int k = 0; k < narrow.Length; k++)
            Assert.Equal(observations.AsSpan(k * 16, 16).ToArray(), narrow[k].Reset(seed: 40 + k * smallEnvs).ToArray());
        int ends = 0;
        for (int t = 0; t < 2000; t++)
        {
            policy.Choose(observations, actions);
            var w = wide.Step(actions);
            for (int k = 0; k < narrow.Length; k++)
            {
                var n = narrow[k].Step(actions.AsSpan(k * smallEnvs, smallEnvs));
                Assert.Equal(w.Observations.AsSpan(k * 16, 16).ToArray(), n.Observations.ToArray());
                Assert.Equal(w.Rewards.AsSpan(k * smallEnvs, smallEnvs).ToArray(), n.Rewards.ToArray());
                Assert.Equal(w.Terminated.AsSpan(k * smallEnvs, smallEnvs).ToArray(), n.Terminated.ToArray());
                Assert.Equal(w.Truncated.AsSpan(k * smallEnvs, smallEnvs).ToArray(), n.Truncated.ToArray());
                if (autoreset == AutoresetMode.SameStep)
                    Assert.Equal(w.FinalObservations!.AsSpan(k * 16, 16).ToArray(), n.FinalObservations!.ToArray());
            }
            ends += w.Terminated.Count(e => e) + w.Truncated.Count(e => e);
            observations = w.Observations.ToArray();
        }
        Assert.True(ends > 100, $"only {ends} episode ends");
        foreach (var batch in narrow) batch.Dispose();
    }

    private sealed record Drift(double[] StateByBucket, double[] ObservationByBucket, int EpisodeEnds, int Desynchronised);

    /// <summary>
    /// Runs Exact and Fast batches with the same seeds and the actions the policy picks from the Exact observations,
    /// and records the largest difference by step within the episode while their episodes stay in step.
    /// </summary>
    private Drift MeasureDrift(CartPolePolicy policy, int steps)
    {
        const int numEnvs = 64;
        // One generator per env: with the batch's shared generator, one env parting ways would shift every later
        // reset draw of the others, and this measures the physics' drift, not the reset order.
        using var exact = new CartPoleBatch(numEnvs, CartPoleBatchMode.Exact, seeding: CartPoleBatchSeeding.GeneratorPerEnv);
        using var fast = new CartPoleBatch(numEnvs, CartPoleBatchMode.Fast, seeding: CartPoleBatchSeeding.GeneratorPerEnv);
        var actions = new int[numEnvs];
        var row = new float[4];
        var inSync = Enumerable.Repeat(true, numEnvs).ToArray();
        var episodeStep = new int[numEnvs];
        var stateDrift = new double[DriftBucketEnds.Length];
        var observationDrift = new double[DriftBucketEnds.Length];
        int episodeEnds = 0;
        var observations = exact.Reset(seed: 8);
        fast.Reset(seed: 8);
        for (int t = 0; t < steps; t++)
        {
            policy.Choose(observations, actions);
            var e = exact.Step(actions);
            var f = fast.Step(actions);
            observations = e.Observations;
            for (int i = 0; i < numEnvs; i++)
            {
                f.Observations.AsSpan(i * 4, 4).CopyTo(row);
                Assert.True(fast.SingleObservationSpace.Contains(row), $"step {t} env {i}: fast observation outside the observation space");
                if (!inSync[i]) continue;
                if (e.Terminated[i] != f.Terminated[i] || e.Truncated[i] != f.Truncated[i] || e.Rewards[i] != f.Rewards[i])
                {
                    inSync[i] = false;
                    continue;
                }
                int bucket = Array.FindIndex(DriftBucketEnds, end => episodeStep[i] < end);
                var a = exact.GetState(i);
                var b = fast.GetState(i);
                stateDrift[bucket] = Math.Max(stateDrift[bucket], new[] { a.X - b.X, a.XDot - b.XDot, a.Theta - b.Theta, a.ThetaDot - b.ThetaDot }.Max(Math.Abs));
                for (int c = 0; c < 4; c++)
                    observationDrift[bucket] = Math.Max(observationDrift[bucket], Math.Abs((double)e.Observations[i * 4 + c] - f.Observations[i * 4 + c]));
                bool ended = e.Terminated[i] || e.Truncated[i];
                episodeEnds += ended ? 1 : 0;
                // NextStep: the step after an episode end is the reset step (episode step 0 again).
                episodeStep[i] = ended ? -1 : episodeStep[i] + 1;
            }
        }
        int desynchronised = inSync.Count(s => !s);
        output.WriteLine($"{episodeEnds} episode ends in step; {desynchronised} of {numEnvs} envs parted ways");
        for (int k = 0; k < DriftBucketEnds.Length; k++)
            output.WriteLine($"episode steps up to {DriftBucketEnds[k]}: max float64 state drift {stateDrift[k]:E2}, max observation drift {observationDrift[k]:E2}");
        return new Drift(stateDrift, observationDrift, episodeEnds, desynchronised);
    }
}
