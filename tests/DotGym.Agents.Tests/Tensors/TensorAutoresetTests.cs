using DotGym.Agents.Tensors;
using DotGym.Registration;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests.Tensors;

/// <summary>
/// Deterministic grids (non-slippery, fixed start) stepped by the tensor env and by Core's SyncVectorEnv of the scalar
/// envs with the same actions: every observation, reward (float64), flag, final observation and episode statistic is
/// equal, in each autoreset mode. So the tensor envs' autoreset semantics are the array vector env's.
/// </summary>
public class TensorAutoresetTests
{
    public static TheoryData<string, AutoresetMode> Cases => new()
    {
        { "GridWorld-4x4-v0", AutoresetMode.NextStep },
        { "GridWorld-4x4-v0", AutoresetMode.SameStep },
        { "GridWorld-Maze-v0", AutoresetMode.NextStep },
        { "GridWorld-Maze-v0", AutoresetMode.SameStep },
        { "GridWorld-8x8-v0", AutoresetMode.Disabled },
        { "FrozenLake-v1", AutoresetMode.NextStep },
        { "FrozenLake-v1", AutoresetMode.SameStep },
        { "FrozenLake-v1", AutoresetMode.Disabled },
    };

    [Theory, MemberData(nameof(Cases))]
    public void NonSlipperyGridsEqualTheArrayVectorEnvExactly(string id, AutoresetMode mode)
    {
        const int n = 16;
        var kwargs = id.StartsWith("FrozenLake", StringComparison.Ordinal) ? new Dictionary<string, object> { ["is_slippery"] = false } : null;
        // Short time limits so that truncation and autoreset both happen often.
        using var arrays = new RecordVectorEpisodeStatistics<int, int>((IVectorEnv<int, int>)Gym.MakeVec(id, n, VectorizationMode.Sync, mode, kwargs, maxEpisodeSteps: 12));
        using var tensors = (TensorVectorEnv<int>)TensorEnvs.Make(id, n, stateType: ScalarType.Float64, autoreset: mode, kwargs: kwargs, maxEpisodeSteps: 12);
        var expectedReset = arrays.Reset(seed: 3);
        var actualReset = ((IVectorEnv<int, int>)tensors).Reset(seed: 3);
        Assert.Equal(expectedReset.Observations.AsArray<int>(), actualReset.Observations.AsArray<int>());

        var random = new System.Random(7);
        var actions = new int[n];
        int ended = 0;
        bool[] finishedLast = new bool[n];
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = random.Next(4);
            if (mode == AutoresetMode.Disabled && t > 0)
            {
                var finished = finishedLast;
                if (finished.Contains(true))
                {
                    var e = arrays.ResetWhere(finished);
                    var a = ((IVectorEnv<int, int>)tensors).ResetWhere(finished);
                    Assert.Equal(e.Observations.AsArray<int>(), a.Observations.AsArray<int>());
                }
            }
            var expected = arrays.Step(actions);
            var actual = ((IVectorEnv<int, int>)tensors).Step(actions);
            for (int i = 0; i < n; i++) finishedLast[i] = expected.Terminated[i] || expected.Truncated[i];
            string where = $"{id} {mode} step {t}";
            Assert.True(expected.Observations.AsArray<int>().SequenceEqual(actual.Observations.AsArray<int>()), $"{where}: observations");
            Assert.True(expected.Rewards.SequenceEqual(actual.Rewards), $"{where}: rewards");
            Assert.True(expected.Terminated.SequenceEqual(actual.Terminated), $"{where}: terminated");
            Assert.True(expected.Truncated.SequenceEqual(actual.Truncated), $"{where}: truncated");
            if (mode == AutoresetMode.SameStep)
            {
                Assert.True(expected.HasFinal!.SequenceEqual(actual.HasFinal!), $"{where}: has-final flags");
                for (int i = 0; i < n; i++)
                    if (expected.HasFinal![i]) Assert.Equal(expected.FinalObservations!.Get(i), actual.FinalObservations!.Get(i));
            }

            // Episode statistics kept on the device equal RecordVectorEpisodeStatistics' (and NextStep's reset steps are marked).
            var s = tensors.LastStep;
            var endedNow = s.EpisodeEnded.data<bool>().ToArray();
            Assert.True(arrays.EpisodeEnded.SequenceEqual(endedNow), $"{where}: episode-ended flags");
            var returns = s.EpisodeReturns.data<double>().ToArray();
            var lengths = s.EpisodeLengths.data<long>().ToArray();
            for (int i = 0; i < n; i++)
            {
                if (!endedNow[i]) continue;
                ended++;
                Assert.Equal(arrays.EpisodeReturns[i], returns[i]);
                Assert.Equal(arrays.EpisodeLengths[i], lengths[i]);
            }
            if (mode == AutoresetMode.NextStep) Assert.True(arrays.AutoresetStep.SequenceEqual(s.AutoresetStep!.data<bool>().ToArray()), $"{where}: autoreset steps");
        }
        Assert.True(ended > 50, $"only {ended} episodes ended; the test should cross many episode boundaries");
    }

    [Fact]
    public void NextStepResetStepIgnoresTheActionAndReturnsRewardZeroWithBothFlagsFalse()
    {
        // CartPole with a 3-step limit: step 3 truncates, step 4 is the reset step.
        using var env = new TensorCartPole(4, stateType: ScalarType.Float64, maxEpisodeSteps: 3, autoreset: AutoresetMode.NextStep);
        env.ResetTensors(seed: 1);
        var actions = zeros(4, dtype: ScalarType.Int64);
        for (int t = 0; t < 3; t++) env.StepTensors(actions);
        Assert.All(env.LastStep.Truncated.data<bool>().ToArray(), Assert.True);
        var reset = env.StepTensors(actions);
        Assert.All(reset.AutoresetStep!.data<bool>().ToArray(), Assert.True);
        Assert.All(reset.Rewards.data<double>().ToArray(), r => Assert.Equal(0.0, r));
        Assert.All(reset.Terminated.data<bool>().ToArray(), Assert.False);
        Assert.All(reset.Truncated.data<bool>().ToArray(), Assert.False);
        Assert.All(env.State.abs().data<double>().ToArray(), v => Assert.True(v < 0.05, "the reset state is a fresh draw in [-0.05, 0.05)"));
    }
}
