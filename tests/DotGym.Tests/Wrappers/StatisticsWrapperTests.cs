using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Tests.Wrappers;

public class RecordEpisodeStatisticsTests
{
    [Fact]
    public void EpisodeEndAddsReturnLengthAndTimeToInfo()
    {
        var env = new RecordEpisodeStatistics<float[], int>(new TimeLimit<float[], int>(new WalkerEnv(), 4), bufferLength: 2);
        for (int episode = 0; episode < 3; episode++)
        {
            env.Reset(seed: episode);
            StepResult<float[]> r = default;
            for (int t = 0; t < 4; t++)
            {
                r = env.Step(2);
                if (t < 3) Assert.False(r.Info.ContainsKey("episode"));
            }
            Assert.True(r.Truncated);
            var stats = Assert.IsType<EpisodeStatistics>(r.Info["episode"]);
            Assert.Equal(4.0, stats.Return);
            Assert.Equal(4, stats.Length);
            Assert.True(stats.Time >= 0);
            Assert.Equal(4.0, stats["r"]);
            Assert.Equal(4, stats["l"]);
            Assert.Equal(["r", "l", "t"], stats.Keys);
        }
        Assert.Equal(3, env.EpisodeCount);
        Assert.Equal([4.0, 4.0], env.ReturnQueue); // buffer of 2 keeps the last two
        Assert.Equal([4, 4], env.LengthQueue);
        Assert.Equal(2, env.TimeQueue.Count);
    }

    [Fact]
    public void ReturnSumsMixedRewardsAndResetClearsTheRunningEpisode()
    {
        var env = new RecordEpisodeStatistics<float[], int>(new WalkerEnv());
        env.Reset(seed: 3);
        env.Step(2);
        env.Step(0);
        Assert.Equal(0.75, env.EpisodeReturn);
        Assert.Equal(2, env.EpisodeLength);
        env.Reset();
        Assert.Equal(0, env.EpisodeReturn);
        Assert.Equal(0, env.EpisodeLength);
    }

    [Fact]
    public void AKeyAlreadyInTheInfoIsAClearError()
    {
        var env = new RecordEpisodeStatistics<int, int>(new GridEnv(), statsKey: "state");
        env.Reset(seed: 0);
        var e = Assert.Throws<InvalidOperationException>(() => { for (int i = 0; i < 10; i++) env.Step(1); });
        Assert.Contains("statsKey", e.Message);
    }
}

public class AutoresetTests
{
    [Fact]
    public void TheStepAfterAnEpisodeEndsResetsAndReturnsZeroRewardAndFalseFlags()
    {
        var inner = new WalkerEnv();
        var env = new Autoreset<float[], int>(new TimeLimit<float[], int>(inner, 2));
        env.Reset(seed: 1);
        Assert.False(env.Step(1).Truncated);
        var end = env.Step(1);
        Assert.True(end.Truncated);
        Assert.True(env.PendingReset);
        var afterEnd = env.Step(2);
        Assert.Equal(0.0, afterEnd.Reward);
        Assert.False(afterEnd.Terminated);
        Assert.False(afterEnd.Truncated);
        Assert.Equal(2, inner.ResetCount);
        Assert.False(env.PendingReset);
        Assert.False(env.Step(1).Truncated); // the new episode counts from the autoreset
    }

    [Fact]
    public void AnExplicitResetClearsThePendingReset()
    {
        var inner = new WalkerEnv();
        var env = new Autoreset<float[], int>(new TimeLimit<float[], int>(inner, 1));
        env.Reset(seed: 1);
        env.Step(1);
        env.Reset(seed: 2);
        Assert.False(env.PendingReset);
        Assert.True(env.Step(1).Truncated); // a real step, not an autoreset
        Assert.Equal(2, inner.ResetCount);
    }
}

public class NormalizeObservationTests
{
    [Fact]
    public void MatchesGymnasiumsFloat32RunningMeanStdFormula()
    {
        var inner = new WalkerEnv();
        var env = new NormalizeObservation<float, int>(inner);
        // numpy: mean, var float32 (0 and 1), count a Python float starting at 1e-4; one-sample batches.
        float[] mean = [0, 0], variance = [1, 1];
        double count = 1e-4;
        float[] Expected(float[] x)
        {
            double total = count + 1;
            var result = new float[2];
            for (int i = 0; i < 2; i++)
            {
                float delta = x[i] - mean[i];
                mean[i] = mean[i] + delta * 1f / (float)total;
                float m2 = variance[i] * (float)count + 0f * 1f + delta * delta * (float)count * 1f / (float)total;
                variance[i] = m2 / (float)total;
                result[i] = (x[i] - mean[i]) / MathF.Sqrt(variance[i] + (float)1e-8);
            }
            count = total;
            return result;
        }
        var raw = new WalkerEnv();
        var obs = env.Reset(seed: 7).Observation;
        Assert.Equal(Expected(raw.Reset(seed: 7).Observation).Select(BitConverter.SingleToInt32Bits), obs.Select(BitConverter.SingleToInt32Bits));
        for (int t = 0; t < 20; t++)
        {
            int action = t % 3;
            var expected = Expected((float[])raw.Step(action).Observation.Clone());
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), env.Step(action).Observation.Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal(count, env.ObservationRms.Count);
    }

    [Fact]
    public void FrozenStatisticsStopUpdatingAndTheSpaceIsUnbounded()
    {
        var env = new NormalizeObservation<float, int>(new WalkerEnv());
        Assert.Equal("Box(-inf, inf, (2,), float32)", env.ObservationSpace.ToString());
        env.Reset(seed: 0);
        env.UpdateRunningMean = false;
        double count = env.ObservationRms.Count;
        var mean = (float[])env.ObservationRms.Mean.Clone();
        env.Step(1);
        env.Step(2);
        Assert.Equal(count, env.ObservationRms.Count);
        Assert.Equal(mean, env.ObservationRms.Mean);
    }
}

public class NormalizeObservationInputTests
{
    [Fact]
    public void Float64ObservationsAreNormalisedIntoAFloat32Box()
    {
        var env = NormalizeObservation.Create(new ReachEnv());
        Assert.IsType<NormalizeObservation<double, float[]>>(env);
        Assert.Equal("Box(-inf, inf, (3,), float32)", env.ObservationSpace.ToString());
        Assert.True(env.ObservationRms.StoresFloat32);
        var obs = env.Reset(seed: 2).Observation;
        Assert.False(env.ObservationRms.StoresFloat32); // promoted to float64 by the first update, as numpy does
        Assert.Equal(3, obs.Length);
        Assert.All(obs, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void ObservationsOfTheWrongLengthAreReported()
    {
        var env = NormalizeObservation.Create(Transform.Observation(new WalkerEnv(), o => new float[3], new Box<float>(-1f, 1f, 2)));
        var e = Assert.Throws<InvalidOperationException>(() => env.Reset(seed: 0));
        Assert.Contains("expected an observation of 2 values", e.Message);
    }
}

public class NormalizeRewardTests
{
    [Fact]
    public void ScalesByTheDiscountedReturnsRunningStd()
    {
        var env = new NormalizeReward<float[], int>(new WalkerEnv(), gamma: 0.9);
        env.Reset(seed: 0);
        double g = 0, mean = 0, variance = 1, count = 1e-4;
        for (int t = 0; t < 6; t++)
        {
            int action = t % 2 == 0 ? 2 : 0;
            var r = env.Step(action);
            double raw = action == 2 ? 1.0 : -0.25;
            g = g * 0.9 * (r.Terminated ? 0 : 1) + raw;
            double total = count + 1, delta = g - mean;
            mean += delta / total;
            variance = (variance * count + delta * delta * count / total) / total;
            count = total;
            Assert.Equal(BitConverter.DoubleToInt64Bits(raw / Math.Sqrt(variance + 1e-8)), BitConverter.DoubleToInt64Bits(r.Reward));
        }
        Assert.Equal(g, env.DiscountedReturn);
    }

    [Fact]
    public void BadGammaIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward<float[], int>(new WalkerEnv(), gamma: 1.5));
}
