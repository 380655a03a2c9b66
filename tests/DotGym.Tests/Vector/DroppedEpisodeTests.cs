using DotGym.Registration;
using DotGym.Vector;

namespace DotGym.Tests.Vector;

/// <summary>Episodes cut short by a lost host (info["episode_dropped"]) are not counted by the vector episode statistics.</summary>
public sealed class DroppedEpisodeTests
{
    /// <summary>Marks row 0 of step <paramref name="at"/> as a dropped episode (truncated, reward 0), as a cluster env does when a silo dies.</summary>
    private sealed class DropRowZero(IVectorEnv<float[], int> env, int at) : VectorWrapper<float[], int>(env)
    {
        private readonly IReadOnlyDictionary<string, object>[] _infos = new IReadOnlyDictionary<string, object>[env.NumEnvs];
        private int _steps;

        protected override VectorStepResult<float[]> ModifyStep(in VectorStepResult<float[]> result)
        {
            if (++_steps != at) return result;
            result.Infos.CopyTo(_infos, 0);
            _infos[0] = new Dictionary<string, object> { [Infos.EpisodeDropped] = true };
            var truncated = (bool[])result.Truncated.Clone();
            truncated[0] = true;
            var rewards = (double[])result.Rewards.Clone();
            rewards[0] = 0;
            return result with { Truncated = truncated, Rewards = rewards, Infos = _infos };
        }
    }

    [Theory]
    [InlineData(5)] // mid-episode: the episode is dropped, not counted
    [InlineData(1)] // on the first step
    public void A_dropped_episode_is_tallied_apart_and_its_next_step_is_an_autoreset(int at)
    {
        using var stats = new RecordVectorEpisodeStatistics<float[], int>(new DropRowZero(Gym.MakeVec<float[], int>("CartPole-v1", 2), at));
        stats.Reset(seed: 0);
        for (int t = 1; t < at; t++) stats.Step([0, 0]);
        stats.Step([0, 0]);
        Assert.False(stats.EpisodeEnded[0]);
        Assert.Equal(1, stats.DroppedEpisodeCount);
        Assert.Equal(0, stats.EpisodeCount); // CartPole pushed left lasts longer than 5 steps: nothing really ended yet
        stats.Step([0, 0]);
        Assert.True(stats.AutoresetStep[0]);
        Assert.False(stats.AutoresetStep[1]);
    }
}
