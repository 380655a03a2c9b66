using DotGym.Agents;
using DotGym.Cluster.Runners;
using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>
/// Exact resume against a cluster: the cluster env's snapshot (runner layout, learner bookkeeping, every runner's
/// vector-env state) lets a new learner continue a run on the same cluster as if it had never stopped.
/// </summary>
public sealed class ClusterResumeTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-cluster-resume-").FullName;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Ppo_resumed_from_a_checkpoint_by_a_new_learner_on_the_same_cluster_equals_the_uninterrupted_run()
    {
        var config = ClusterTrainingTests.SmallPpo;
        List<string> expected;
        using (var uninterrupted = new Ppo(ClusterVectorEnv.Create(_cluster.Client, "CartPole-v1", 4), config))
            expected = ClusterTrainingTests.Trace(uninterrupted, 1024);

        string path = Path.Combine(_folder, "ppo.ckpt");
        List<string> actual;
        long stoppedAt;
        using (var first = new Ppo(ClusterVectorEnv.Create(_cluster.Client, "CartPole-v1", 4), config))
        {
            Assert.True(first.CanSnapshotEnvs);
            using var stop = new CancellationTokenSource(); // as dotgym train --stop-after: the budget (and so the schedules) stay those of the whole run
            actual = ClusterTrainingTests.Trace(first, 1024, u => { if (u.GlobalStep >= 448) stop.Cancel(); }, stop.Token);
            first.Save(path);
            stoppedAt = first.GlobalStep;
        } // its runners are closed: the resumed learner opens its own
        using (var resumed = Agent.Load(path, c => ClusterVectorEnv.Create(_cluster.Client, "CartPole-v1", c.NumEnvs)))
        {
            Assert.True(resumed.ResumedExactly, resumed.InexactResumeReason);
            Assert.Equal(stoppedAt, resumed.GlobalStep);
            actual.AddRange(ClusterTrainingTests.Trace(resumed, 1024));
        }
        Assert.Contains(expected.Skip(8), line => line.StartsWith("ep ")); // episodes end after the resume too
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_restored_cluster_env_steps_exactly_as_the_one_that_saved_its_state_over_uneven_runners()
    {
        var options = new ClusterVectorEnvOptions { Runners = 3 };
        using var saved = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 7, options);
        var random = new System.Random(3);
        int[] Actions() => Enumerable.Range(0, 7).Select(_ => random.Next(2)).ToArray();
        saved.Reset(seed: 11);
        for (int t = 0; t < 40; t++) saved.Step(Actions());
        var snapshot = new MemoryStream();
        using (var writer = new BinaryWriter(snapshot, System.Text.Encoding.UTF8, leaveOpen: true)) saved.SaveState(writer);
        var actions = Enumerable.Range(0, 120).Select(_ => Actions()).ToArray();
        var expected = actions.Select(a => Describe(saved.Step(a))).ToList();

        using var restored = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 7, options);
        Assert.True(restored.SupportsStateSnapshot);
        snapshot.Position = 0;
        restored.LoadState(new BinaryReader(snapshot));
        var actual = actions.Select(a => Describe(restored.Step(a))).ToList();
        Assert.Contains(expected, line => line.Contains("T")); // episodes end in the compared steps
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_snapshot_loaded_into_another_runner_layout_is_refused_with_the_fix()
    {
        var snapshot = Save(numEnvs: 4, runners: 2);
        var otherRunners = Assert.Throws<InvalidDataException>(() => Load(snapshot, numEnvs: 4, runners: 4));
        Assert.Contains("saved with 2 runners of 2, 2 rows, but this one has 4 runners of 1, 1, 1, 1 rows", otherRunners.Message);
        Assert.Contains("--runners-per-silo", otherRunners.Message);
        var otherEnvs = Assert.Throws<InvalidDataException>(() => Load(snapshot, numEnvs: 6, runners: 2));
        Assert.Contains("saved with 4 envs, but this one has 6", otherEnvs.Message);
        Assert.Contains("--num-envs", otherEnvs.Message);
    }

    private byte[] Save(int numEnvs, int runners)
    {
        using var env = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", numEnvs, new ClusterVectorEnvOptions { Runners = runners });
        env.Reset(seed: 1);
        env.Step(new int[numEnvs]);
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) env.SaveState(writer);
        return stream.ToArray();
    }

    private void Load(byte[] snapshot, int numEnvs, int runners)
    {
        using var env = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", numEnvs, new ClusterVectorEnvOptions { Runners = runners });
        env.LoadState(new BinaryReader(new MemoryStream(snapshot)));
    }

    /// <summary>Every row of a step (observation, reward, terminated/truncated) as text.</summary>
    internal static string Describe(DotGym.Vector.VectorStepResult<float[]> step) =>
        string.Join(";", Enumerable.Range(0, step.Rewards.Length).Select(i =>
            $"{string.Join(",", step.Observations.View(i).Select(x => x.ToString("R")))} {step.Rewards[i]:R} {(step.Terminated[i] ? "T" : "-")}{(step.Truncated[i] ? "U" : "-")}"));
}
