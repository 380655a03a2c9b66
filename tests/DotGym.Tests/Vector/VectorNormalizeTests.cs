using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.Vector;

/// <summary>
/// The vector NormalizeObservation / NormalizeReward (gymnasium.wrappers.vector): equal to the single-env wrappers
/// where Gymnasium defines them to match, equal to their definitions otherwise, and clear about bad input.
/// </summary>
public class VectorNormalizeTests
{
    private static int[] Actions(int step, int n)
    {
        var actions = new int[n];
        for (int i = 0; i < n; i++) actions[i] = (step * 7 + i * 3 + step / 5) % 2;
        return actions;
    }

    /// <summary>
    /// One sub-env with next-step autoreset is one env under Autoreset: Gymnasium's vector NormalizeObservation then
    /// updates with batches of one, which is exactly the single wrapper's update, so the streams agree bit for bit
    /// (across episode ends: 400 random CartPole steps end several episodes).
    /// </summary>
    [Fact]
    public void OneSubEnvNormalisesObservationsExactlyAsTheSingleWrapper()
    {
        using var single = Gym.Make<float[], int>("CartPole-v1").WithAutoreset().NormalizeObservation();
        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", 1).NormalizeObservation();
        var expected = single.Reset(seed: 5).Observation;
        var actual = vector.Reset(seed: 5).Observations.AsArray<float>();
        Assert.True(VectorHarness.SameBits(expected, actual));
        int episodes = 0;
        for (int t = 0; t < 400; t++)
        {
            int action = Actions(t, 1)[0];
            var s = single.Step(action);
            var v = vector.Step([action]);
            Assert.True(VectorHarness.SameBits(s.Observation, v.Observations.AsArray<float>()), $"step {t}");
            if (s.Terminated || s.Truncated) episodes++;
        }
        Assert.True(episodes >= 3, $"only {episodes} episodes ended");
        Assert.Equal(single.ObservationRms.Count, vector.ObservationRms.Count);
    }

    /// <summary>
    /// With several sub-envs the statistics are those of every observation seen (Chan's merge of the batches equals
    /// the pooled mean and variance, the prior being epsilon samples of mean 0 and variance 1), and each output is
    /// (obs - mean) / sqrt(var + 1e-8) of the statistics after that batch.
    /// </summary>
    [Fact]
    public void SeveralSubEnvsShareOneRunningEstimateOfEveryObservationSeen()
    {
        const int n = 3;
        using var raw = Gym.MakeVec<float[], int>("CartPole-v1", n);
        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", n).NormalizeObservation();
        var seen = new List<float[]>();
        void Check(float[] rawBatch, float[] normalized, string when)
        {
            for (int i = 0; i < n; i++) seen.Add(rawBatch.AsSpan(i * 4, 4).ToArray());
            for (int j = 0; j < 4; j++)
            {
                double count = 1e-4 + seen.Count;
                double mean = seen.Sum(o => (double)o[j]) / count;
                double m2 = 1e-4 * (1 + mean * mean) + seen.Sum(o => (o[j] - mean) * (o[j] - mean));
                double variance = m2 / count;
                Assert.Equal(mean, vector.ObservationRms.Mean[j], 1e-5);
                Assert.Equal(variance, vector.ObservationRms.Var[j], Math.Max(1e-5, variance * 1e-4));
                for (int i = 0; i < n; i++)
                {
                    float expected = (rawBatch[i * 4 + j] - vector.ObservationRms.Mean[j]) / MathF.Sqrt(vector.ObservationRms.Var[j] + 1e-8f);
                    Assert.True(expected == normalized[i * 4 + j], $"{when}: sub-env {i}, dim {j}: {normalized[i * 4 + j]} != {expected}");
                }
            }
        }
        Check(raw.Reset(seed: 9).Observations.AsArray<float>(), vector.Reset(seed: 9).Observations.AsArray<float>(), "reset");
        for (int t = 0; t < 60; t++)
        {
            var actions = Actions(t, n);
            Check(raw.Step(actions).Observations.AsArray<float>(), vector.Step(actions).Observations.AsArray<float>(), $"step {t}");
        }
        Assert.Equal(1e-4 + 61 * n, vector.ObservationRms.Count, 1e-9);
        Assert.Equal(new Box<float>(float.NegativeInfinity, float.PositiveInfinity, 4), vector.SingleObservationSpace);
    }

    /// <summary>
    /// Gymnasium's vector NormalizeReward from its definition: a float32 accumulated return per sub-env, the step after
    /// an episode ended (next-step autoreset) neither accumulating nor updating, the running variance over every
    /// accumulated return that was updated (pooled with the epsilon prior), rewards divided by sqrt(var + epsilon).
    /// </summary>
    [Fact]
    public void RewardsAreScaledByTheRunningVarianceOfTheAccumulatedReturnsOfRealSteps()
    {
        const int n = 4;
        const double gamma = 0.9;
        using var raw = Gym.MakeVec<float[], int>("CartPole-v1", n, maxEpisodeSteps: 12);
        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", n, maxEpisodeSteps: 12).NormalizeReward(gamma);
        raw.Reset(seed: 2);
        vector.Reset(seed: 2);
        var accumulated = new float[n];
        var done = new bool[n];
        var history = new List<double>();
        int skipped = 0;
        for (int t = 0; t < 80; t++)
        {
            var actions = Actions(t, n);
            var r = raw.Step(actions);
            var v = vector.Step(actions);
            for (int i = 0; i < n; i++)
            {
                if (done[i])
                {
                    skipped++;
                    continue;
                }
                accumulated[i] = (float)(accumulated[i] * (float)gamma * (r.Terminated[i] ? 0 : 1) + r.Rewards[i]);
                history.Add(accumulated[i]);
            }
            for (int i = 0; i < n; i++) done[i] = r.Terminated[i] || r.Truncated[i];
            double count = 1e-4 + history.Count;
            double mean = history.Sum() / count;
            double variance = (1e-4 * (1 + mean * mean) + history.Sum(x => (x - mean) * (x - mean))) / count;
            Assert.Equal(variance, vector.ReturnRms.Var[0], Math.Max(1e-9, variance * 1e-5));
            for (int i = 0; i < n; i++)
                Assert.Equal(r.Rewards[i] / Math.Sqrt(variance + 1e-8), v.Rewards[i], 1e-5);
            Assert.Equal(accumulated, vector.AccumulatedReward.ToArray());
        }
        Assert.True(skipped > 0, "no autoreset step happened; the test must cover them");
        Assert.Equal(1e-4 + history.Count, vector.ReturnRms.Count, 1e-9);
    }

    /// <summary>Within an episode (no autoreset step yet) one sub-env scales rewards as the single wrapper does, up to the float32 accumulator.</summary>
    [Fact]
    public void OneSubEnvScalesRewardsAsTheSingleWrapperWithinAnEpisode()
    {
        using var single = Gym.Make<float[], int>("CartPole-v1").NormalizeReward(0.95);
        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", 1).NormalizeReward(0.95);
        single.Reset(seed: 1);
        vector.Reset(seed: 1);
        for (int t = 0; ; t++)
        {
            var s = single.Step(1 - t % 2);
            var v = vector.Step([1 - t % 2]);
            Assert.Equal(s.Reward, v.Rewards[0], 1e-6);
            if (s.Terminated || s.Truncated) break;
        }
    }

    [Fact]
    public void SameStepAutoresetCountsEveryStepAndRestartsFinishedReturns()
    {
        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", 2, autoresetMode: AutoresetMode.SameStep, maxEpisodeSteps: 5).NormalizeReward();
        vector.Reset(seed: 0);
        for (int t = 0; t < 5; t++) vector.Step([0, 1]);
        Assert.Equal([0f, 0f], vector.AccumulatedReward.ToArray()); // both truncated at step 5: restarted
        vector.Step([0, 1]);
        Assert.Equal([1f, 1f], vector.AccumulatedReward.ToArray()); // the next step is already the new episode's first
        Assert.Equal(1e-4 + 12, vector.ReturnRms.Count, 1e-9);
    }

    [Fact]
    public void BadInputIsRefusedWithTheFix()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeVectorObservation<int>(Gym.MakeVec<float[], int>("CartPole-v1", 2), epsilon: 0));
        Assert.Contains("epsilon must be > 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeReward(gamma: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeReward(epsilon: -1));
        var sameStep = Assert.Throws<ArgumentException>(() => Gym.MakeVec<float[], int>("CartPole-v1", 2, autoresetMode: AutoresetMode.SameStep).NormalizeObservation());
        Assert.Contains("AutoresetMode.NextStep", sameStep.Message);

        using var vector = Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeObservation();
        vector.Reset(seed: 0);
        double count = vector.ObservationRms.Count;
        var partial = Assert.Throws<ArgumentException>(() => vector.ResetWhere([true, false]));
        Assert.Contains("partial resets", partial.Message);
        Assert.Throws<ArgumentException>(() => vector.Reset(options: new Dictionary<string, object> { ["reset_mask"] = new[] { false, true } }));
        Assert.Equal(count, vector.ObservationRms.Count); // refused before anything was reset or counted
        vector.ResetWhere([true, true]); // a mask selecting every sub-env is a full reset
    }

    [Fact]
    public void SnapshotsRestoreTheStatisticsSoTheStreamContinuesIdentically()
    {
        using var a = Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeObservation().NormalizeReward();
        using var b = Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeObservation().NormalizeReward();
        Assert.True(a.SupportsStateSnapshot);
        a.Reset(seed: 4);
        b.Reset(seed: 99);
        for (int t = 0; t < 30; t++) a.Step(Actions(t, 2));
        var state = new MemoryStream();
        a.SaveState(new BinaryWriter(state));
        state.Position = 0;
        b.LoadState(new BinaryReader(state));
        for (int t = 30; t < 60; t++)
        {
            var ra = a.Step(Actions(t, 2));
            var rb = b.Step(Actions(t, 2));
            Assert.Equal(ra.Rewards, rb.Rewards);
            Assert.True(VectorHarness.SameBits(ra.Observations.AsArray<float>(), rb.Observations.AsArray<float>()));
        }
    }

    [Fact]
    public void MakeVecWrapsEverySubEnvInOrder()
    {
        using var vec = Gym.MakeVec<float[], int>("CartPole-v1", 3, wrappers: [e => e.NormalizeReward(), e => e.RecordEpisodeStatistics()]);
        Assert.Equal(3, vec.SubEnvs.Count);
        Assert.All(vec.SubEnvs, env =>
        {
            var outer = Assert.IsType<RecordEpisodeStatistics<float[], int>>(env);
            Assert.IsType<NormalizeReward<float[], int>>(outer.Env);
        });
        vec.Reset(seed: 0);
        vec.Step([0, 1, 0]);

        // Untyped wrappers may change the observation type: float64 observations normalised into float32 ones.
        using var changed = Gym.MakeVec("CartPole-v1", 2, wrappers: [e => FlattenObservation.ToDouble((Env<float[], int>)e), e => ((Env<double[], int>)e).NormalizeObservation()]);
        Assert.IsAssignableFrom<IVectorEnv<float[], int>>(changed);
        Assert.IsType<NormalizeObservation<double, int>>(changed.SubEnvs[0]);
    }

    [Fact]
    public void MakeVecWrappersBadInputFailsClearly()
    {
        var native = Assert.Throws<NotSupportedException>(() => Gym.MakeVec("CartPole-v1", 2, VectorizationMode.Native, wrappers: [e => e]));
        Assert.Contains("takes no wrappers", native.Message);
        var nullWrapper = Assert.Throws<ArgumentException>(() => Gym.MakeVec("CartPole-v1", 2, wrappers: [null!]));
        Assert.Contains("wrappers[0] is null", nullWrapper.Message);
        var nullResult = Assert.Throws<InvalidOperationException>(() => Gym.MakeVec("CartPole-v1", 2, wrappers: [_ => null!]));
        Assert.Contains("wrappers[0] returned null for sub-env 0", nullResult.Message);
        var typed = Assert.Throws<InvalidCastException>(() => Gym.MakeVec<int, int>("CartPole-v1", 2, wrappers: [e => e]));
        Assert.Contains("Gym.MakeVec<float[], int>", typed.Message);
    }

    [Fact]
    public void FluentHelpersReadInOneLineAndWrapInnermostFirst()
    {
        using var env = Gym.Make<float[], int>("CartPole-v1", maxEpisodeSteps: 1000).WithTimeLimit(30).NormalizeObservation().RecordEpisodeStatistics();
        Assert.IsType<RecordEpisodeStatistics<float[], int>>(env);
        var normalize = Assert.IsType<NormalizeObservation<float, int>>(env.Env);
        Assert.IsType<TimeLimit<float[], int>>(normalize.Env);
        env.Reset(seed: 0);
        int steps = 0;
        StepResult<float[]> step;
        do { step = env.Step(steps++ % 2); } while (!step.Terminated && !step.Truncated);
        Assert.True(steps <= 30);
        using var vec = Gym.MakeVec<float[], int>("CartPole-v1", 2).NormalizeObservation().NormalizeReward().RecordEpisodeStatistics();
        Assert.IsType<RecordVectorEpisodeStatistics<float[], int>>(vec);
    }
}
