using DotGym.Agents;
using DotGym.Agents.Training;
using DotGym.Registration;
using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>PPO trains on a 2-silo cluster exactly as on a local vector env (synchronous mode: the policy acts here).</summary>
public sealed class ClusterTrainingTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    internal static PpoConfig SmallPpo => new() { Seed = 7, NumEnvs = 4, NSteps = 16, NumMinibatches = 2, UpdateEpochs = 2, HiddenSizes = [16, 16], TorchThreads = 1 };

    [Fact]
    public void Ppo_on_the_cluster_plays_the_same_episodes_and_updates_as_on_a_local_vector_env()
    {
        using var local = new Ppo(Gym.MakeVec("CartPole-v1", 4), SmallPpo);
        using var onCluster = new Ppo(ClusterVectorEnv.Create(_cluster.Client, "CartPole-v1", 4), SmallPpo);
        var expected = Trace(local, 1500);
        var actual = Trace(onCluster, 1500);
        Assert.Contains(expected, line => line.StartsWith("ep "));
        Assert.Equal(expected, actual);
    }

    internal static List<string> Trace(Agent agent, long steps, Action<UpdateReport>? onUpdate = null, CancellationToken cancellation = default)
    {
        var trace = new List<string>();
        agent.Learn(steps, new TrainingCallbacks
        {
            EpisodeFinished = e => trace.Add($"ep {e.GlobalStep} {e.Env} {e.Return:R} {e.Length}"),
            UpdateFinished = u =>
            {
                trace.Add($"up {u.GlobalStep} " + string.Join(" ", u.Metrics.Where(m => m.Key != "sps" && !m.Key.EndsWith("_seconds")).OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}")));
                onUpdate?.Invoke(u);
            },
        }, cancellation);
        return trace;
    }
}
