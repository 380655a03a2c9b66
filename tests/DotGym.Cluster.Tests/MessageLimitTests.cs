using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>Messages over the cluster's size limit are refused with an error that says what to change.</summary>
public sealed class MessageLimitTests : IAsyncLifetime
{
    private const int Limit = 1 << 20; // 1 MiB: the silos' own messages (cluster manifest, membership) must still fit
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(silos: 2, maxMessageBodySize: Limit);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void A_runner_refuses_a_batch_whose_replies_exceed_its_silo_s_limit()
    {
        var runner = _cluster.Client.GetGrain<DotGym.Cluster.Runners.IEnvRunnerGrain>(0, "message-limit-test");
        var error = Assert.Throws<DotGym.Cluster.Runners.EnvRunnerException>(() =>
            runner.Open(new("CartPole-v1", 80_000, DotGym.Vector.VectorizationMode.Native)).GetAwaiter().GetResult());
        Assert.Contains("Env runner 0 on silo", error.Message);
        Assert.Contains("MaxMessageBodySize", error.Message);
    }

    [Fact]
    public void A_batch_over_the_message_limit_is_refused_clearly_and_a_small_one_passes()
    {
        using (var small = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 4))
        {
            small.Reset(seed: 0);
            small.Step([0, 1, 0, 1]);
        }
        // One runner of 80 000 native CartPoles: its reset reply carries 80 000 x 4 floats = 1.28 MB.
        var error = Assert.Throws<ClusterEnvException>(() => ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 80_000,
            new ClusterVectorEnvOptions { Runners = 1, Mode = DotGym.Vector.VectorizationMode.Native }));
        Assert.Contains("80000 x 'CartPole-v1'", error.Message);
        Assert.Contains("MaxMessageBodySize", error.Message);
        Assert.Contains("more runners", error.Message);
    }

    [Fact]
    public void A_runner_state_snapshot_over_the_message_limit_is_refused_clearly()
    {
        // 30 000 CartPoles: a step reply (26 bytes an env) fits in 1 MiB, their state (4 doubles and more an env) does not.
        using var env = ClusterVectorEnv.Create<float[], int>(_cluster.Client, "CartPole-v1", 30_000, new ClusterVectorEnvOptions { Runners = 1 });
        env.Reset(seed: 0);
        env.Step(new int[30_000]);
        var error = Assert.Throws<DotGym.Cluster.Runners.EnvRunnerException>(() => env.SaveState(new BinaryWriter(Stream.Null)));
        Assert.Contains("Env runner 0 on silo", error.Message);
        Assert.Contains("the state snapshot of 30000 x 'CartPole-v1' takes", error.Message);
        Assert.Contains("MaxMessageBodySize", error.Message);
        Assert.Contains("includeEnvState: false", error.Message);
    }
}
