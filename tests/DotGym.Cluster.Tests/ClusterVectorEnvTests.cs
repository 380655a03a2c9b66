using DotGym.Cluster.Runners;
using DotGym.Registration;
using DotGym.Vector;
using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>The cluster vector env on a 2-silo in-process cluster steps exactly like a local vector env.</summary>
public sealed class ClusterVectorEnvTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void CartPole_on_two_silos_steps_bit_for_bit_like_the_local_vector_env()
    {
        using var local = Gym.MakeVec<float[], int>("CartPole-v1", 8);
        using var remote = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 8);
        Assert.Equal(2, remote.RunnerSilos.Distinct().Count()); // one runner per silo, both stepping
        Assert.Equal([(0, 4), (4, 4)], remote.RunnerRows);

        AssertSame(local.Reset(seed: 42).Observations, remote.Reset(seed: 42).Observations);
        var random = new System.Random(3);
        var actions = new int[8];
        int episodeEnds = 0;
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = random.Next(2);
            var expected = local.Step(actions);
            VectorStepResult<float[]> actual;
            if (t % 2 == 0) actual = remote.Step(actions);
            else
            {
                remote.StepAsync(actions);
                actual = remote.StepWait();
            }
            AssertSame(expected.Observations, actual.Observations);
            Assert.Equal(expected.Rewards, actual.Rewards);
            Assert.Equal(expected.Terminated, actual.Terminated);
            Assert.Equal(expected.Truncated, actual.Truncated);
            episodeEnds += expected.Terminated.Count(x => x) + expected.Truncated.Count(x => x);
            if (t == 150)
            {
                bool[] mask = [true, false, false, false, false, true, false, false]; // one row on each runner
                AssertSame(local.ResetWhere(mask, seed: 7).Observations, remote.ResetWhere(mask, seed: 7).Observations);
            }
        }
        Assert.True(episodeEnds > 50, $"only {episodeEnds} episodes ended; the test should cross many autoresets");
        Assert.Equal(0, remote.DroppedEpisodes);
    }

    [Fact]
    public void Discrete_observations_and_uneven_runners_match_the_local_vector_env()
    {
        using var local = Gym.MakeVec<int, int>("FrozenLake-v1", 5);
        using var remote = ClusterVectorEnv.Create<int, int>(_cluster.Client, "FrozenLake-v1", 5, new ClusterVectorEnvOptions { Runners = 3 });
        Assert.Equal([(0, 2), (2, 2), (4, 1)], remote.RunnerRows);
        AssertSame(local.Reset(seed: 1).Observations, remote.Reset(seed: 1).Observations);
        var random = new System.Random(5);
        var actions = new int[5];
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = random.Next(4);
            var expected = local.Step(actions);
            var actual = remote.Step(actions);
            AssertSame(expected.Observations, actual.Observations);
            Assert.Equal(expected.Rewards, actual.Rewards);
            Assert.Equal(expected.Terminated, actual.Terminated);
            Assert.Equal(expected.Truncated, actual.Truncated);
            for (int i = 0; i < 5; i++) Assert.Equal(expected.Infos[i].Keys.Order(), actual.Infos[i].Keys.Order());
        }
    }

    [Fact]
    public void A_runner_whose_env_throws_stops_the_learner_with_the_runner_silo_and_env_error()
    {
        using var remote = ClusterVectorEnv.Create<float[], int>(_cluster.Client, TestEnvs.Throwing, 4);
        remote.Reset(seed: 0);
        var error = Assert.Throws<EnvRunnerException>(() =>
        {
            for (int t = 0; t < 10; t++) remote.Step([0, 1, 0, 1]);
        });
        Assert.Contains("Env runner 0 on silo", error.Message);
        Assert.Contains(TestEnvs.Throwing, error.Message);
        Assert.Contains("the simulator crashed (test)", error.Message);
        Assert.Equal(0, remote.DroppedEpisodes); // an env failure is not a lost silo: nothing is silently restarted
    }

    [Fact]
    public void An_info_that_cannot_travel_is_refused_by_key_and_type()
    {
        using var remote = ClusterVectorEnv.Create<float[], int>(_cluster.Client, TestEnvs.UnsendableInfo, 2);
        remote.Reset(seed: 0);
        var error = Assert.Throws<EnvRunnerException>(() => remote.Step([0, 1]));
        Assert.Contains("\"handle\"", error.Message);
        Assert.Contains("cannot travel between silos", error.Message);
    }

    [Fact]
    public void An_env_id_the_silos_do_not_know_is_refused_before_any_step()
    {
        var error = Assert.ThrowsAny<Exception>(() => ClusterVectorEnv.Create(_cluster.Client, "NoSuchEnv-v9", 2));
        Assert.Contains("NoSuchEnv-v9", error.Message);
    }

    private static void AssertSame(Batch<float[]> expected, Batch<float[]> actual) =>
        Assert.Equal(expected.AsArray<float>(), actual.AsArray<float>());

    private static void AssertSame(Batch<int> expected, Batch<int> actual) =>
        Assert.Equal(expected.AsArray<int>(), actual.AsArray<int>());
}
