using DotGym.Agents;
using DotGym.Vector;
using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>A silo killed mid-run: its runners come back on the survivor with fresh envs, their episodes are dropped and counted.</summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private readonly List<string> _log = [];

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_runner_lost_between_saving_and_loading_the_state_gets_it_back_on_the_survivor()
    {
        using var env = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 8, new ClusterVectorEnvOptions { Log = _log.Add });
        int[] actions = [0, 1, 0, 1, 1, 0, 1, 0];
        env.Reset(seed: 2);
        for (int t = 0; t < 20; t++) env.Step(actions);
        var snapshot = new MemoryStream();
        using (var writer = new BinaryWriter(snapshot, System.Text.Encoding.UTF8, leaveOpen: true)) env.SaveState(writer);
        var expected = Enumerable.Range(0, 60).Select(_ => ClusterResumeTests.Describe(env.Step(actions))).ToList();

        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        snapshot.Position = 0;
        env.LoadState(new BinaryReader(snapshot));
        Assert.Contains(_log, line => line.Contains("with its saved state"));
        Assert.All(env.RunnerSilos, silo => Assert.Equal(_cluster.Primary!.SiloAddress.ToString(), silo));
        var actual = Enumerable.Range(0, 60).Select(_ => ClusterResumeTests.Describe(env.Step(actions))).ToList();
        Assert.Equal(expected, actual); // nothing was lost: the snapshot held the runner's envs
        Assert.Equal(0, env.DroppedEpisodes);
    }

    [Fact]
    public async Task Stepping_goes_on_after_a_silo_dies_with_the_lost_runners_episodes_dropped_and_not_counted()
    {
        using var env = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 8, new ClusterVectorEnvOptions { Log = _log.Add });
        using var stats = new RecordVectorEpisodeStatistics<float[], int>(env);
        stats.Reset(seed: 1);
        var secondary = _cluster.SecondarySilos[0];
        int lost = env.RunnerSilos.ToList().IndexOf(secondary.SiloAddress.ToString());
        Assert.True(lost >= 0, $"no runner on the secondary silo {secondary.SiloAddress}: {string.Join(", ", env.RunnerSilos)}");
        var (first, count) = env.RunnerRows[lost];
        int[] actions = [0, 1, 0, 1, 1, 0, 1, 0];
        VectorStepResult<float[]> last = default;
        for (int t = 0; t < 30; t++) last = stats.Step(actions);
        long episodesBefore = stats.EpisodeCount;
        int inFlight = Enumerable.Range(first, count).Count(i => !(last.Terminated[i] || last.Truncated[i]));

        await _cluster.KillSiloAsync(secondary);
        var dropStep = stats.Step(actions);
        for (int i = first; i < first + count; i++)
        {
            Assert.True(dropStep.Truncated[i]);
            Assert.Equal(0, dropStep.Rewards[i]);
            Assert.Equal(true, dropStep.Infos[i][Infos.EpisodeDropped]);
        }
        Assert.Equal(inFlight, env.DroppedEpisodes);
        Assert.Equal(inFlight, stats.DroppedEpisodeCount);
        Assert.All(Enumerable.Range(first, count), i => Assert.False(stats.EpisodeEnded[i])); // dropped episodes are not counted as finished
        Assert.Equal(1, env.RunnerRestarts);
        Assert.All(env.RunnerSilos, silo => Assert.Equal(_cluster.Primary!.SiloAddress.ToString(), silo));

        var autoreset = stats.Step(actions); // next-step autoreset: the fresh envs' first observations
        for (int i = first; i < first + count; i++)
        {
            Assert.True(stats.AutoresetStep[i]);
            Assert.False(autoreset.Terminated[i] || autoreset.Truncated[i]);
        }
        for (int t = 0; t < 100; t++) stats.Step(actions);
        Assert.True(stats.EpisodeCount > episodesBefore, "episodes keep finishing after the loss");
        Assert.Equal(inFlight, stats.DroppedEpisodeCount);
        Assert.Contains(_log, line => line.Contains($"Runner {lost} ") && line.Contains("was lost"));
        Assert.Contains(_log, line => line.Contains($"Dropped the {inFlight} episodes"));
    }

    [Fact]
    public async Task Ppo_training_completes_after_a_silo_dies_mid_run()
    {
        var config = ClusterTrainingTests.SmallPpo with { NumEnvs = 8 };
        var env = (ClusterVectorEnv<float[], int>)ClusterVectorEnv.Create(_cluster.Client, "CartPole-v1", 8, new ClusterVectorEnvOptions { Log = _log.Add });
        using var agent = new Ppo(env, config);
        bool killed = false;
        var trace = ClusterTrainingTests.Trace(agent, 1600, u =>
        {
            if (u.Update != 3) return;
            _cluster.KillSiloAsync(_cluster.SecondarySilos[0]).GetAwaiter().GetResult();
            killed = true;
        });
        Assert.True(killed);
        Assert.True(agent.GlobalStep >= 1600, $"training stopped at {agent.GlobalStep} steps");
        Assert.InRange(env.DroppedEpisodes, 1, 4);
        Assert.Contains(trace, line => line.StartsWith("ep ") && long.Parse(line.Split(' ')[1]) > 16 * 8 * 4); // episodes after the loss
        await Task.CompletedTask;
    }
}
