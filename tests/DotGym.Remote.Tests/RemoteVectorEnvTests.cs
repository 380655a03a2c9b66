using DotGym.Registration;
using DotGym.Remote.Client;
using DotGym.Remote.Server;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Remote.Tests;

public class RemoteVectorEnvTests
{
    internal static EnvServer CartPoleServer(int numEnvs, EnvServerOptions? options = null) =>
        EnvServer.Start(n => Gym.MakeVec("CartPole-v1", n), (options ?? new EnvServerOptions()) with { NumEnvs = numEnvs, EnvId = "CartPole-v1" });

    private static void AssertSameSteps(IVectorEnv<float[], int> local, IVectorEnv<float[], int> remote, int steps, long seed)
    {
        var l = local.Reset(seed);
        var r = remote.Reset(seed);
        Assert.Equal(l.Observations.AsArray<float>(), r.Observations.AsArray<float>());
        var random = new System.Random(3);
        var actions = new int[local.NumEnvs];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = random.Next(2);
            var ls = local.Step(actions);
            remote.StepAsync(actions);
            var rs = remote.StepWait();
            Assert.Equal(ls.Observations.AsArray<float>(), rs.Observations.AsArray<float>());
            Assert.Equal(ls.Rewards, rs.Rewards);
            Assert.Equal(ls.Terminated, rs.Terminated);
            Assert.Equal(ls.Truncated, rs.Truncated);
        }
    }

    [Fact]
    public void A_remote_vector_env_steps_bit_for_bit_like_the_local_one()
    {
        using var server = CartPoleServer(4);
        using var local = (IVectorEnv<float[], int>)Gym.MakeVec("CartPole-v1", 4);
        using var remote = RemoteVectorEnv.Connect<float[], int>([server.Address.ToString()]);
        Assert.Equal(4, remote.NumEnvs);
        Assert.Equal("CartPole-v1", remote.EnvId);
        Assert.Equal(475.0, remote.Spec.RewardThreshold);
        AssertSameSteps(local, remote, 300, seed: 42);
    }

    [Fact]
    public void Several_servers_combine_into_one_vector_env_seeded_row_by_row()
    {
        using var a = CartPoleServer(3);
        using var b = CartPoleServer(2);
        using var local = (IVectorEnv<float[], int>)Gym.MakeVec("CartPole-v1", 5);
        using var remote = RemoteVectorEnv.Connect<float[], int>([$"127.0.0.1:{a.Port}", $"127.0.0.1:{b.Port}"]);
        Assert.Equal(5, remote.NumEnvs);
        AssertSameSteps(local, remote, 200, seed: 7);

        var mask = new[] { false, false, false, true, false };
        var lr = local.ResetWhere(mask, seed: 100);
        var rr = remote.ResetWhere(mask, seed: 100);
        Assert.Equal(lr.Observations.AsArray<float>(), rr.Observations.AsArray<float>());
    }

    [Fact]
    public void A_single_remote_env_is_an_ordinary_env()
    {
        using var server = CartPoleServer(8);
        using var env = RemoteEnv.Connect($"127.0.0.1:{server.Port}");
        using var local = Gym.Make("CartPole-v1");
        var remoteEnv = (Env<float[], int>)env;
        var localEnv = (Env<float[], int>)local;
        Assert.Equal(localEnv.Reset(5).Observation, remoteEnv.Reset(5).Observation);
        for (int t = 0; t < 30; t++)
        {
            var l = localEnv.Step(t % 2);
            var r = remoteEnv.Step(t % 2);
            Assert.Equal(l.Observation, r.Observation);
            Assert.Equal(l.Terminated, r.Terminated);
            if (l.Terminated) break;
        }
    }

    [Fact]
    public void Bad_calls_fail_locally_before_anything_is_sent()
    {
        using var server = CartPoleServer(2);
        using var remote = RemoteVectorEnv.Connect<float[], int>([server.Address.ToString()]);
        Assert.Throws<ResetNeededException>(() => remote.Step([0, 1]));
        remote.Reset(1);
        Assert.Contains("exactly one action", Assert.Throws<ArgumentException>(() => remote.Step([0])).Message);
        Assert.Contains("sub-env 1", Assert.Throws<ArgumentOutOfRangeException>(() => remote.Step([0, 5])).Message);
        Assert.Contains("selects no sub-env", Assert.Throws<ArgumentException>(() => remote.ResetWhere([false, false])).Message);
        Assert.Throws<NotSupportedException>(() => remote.Reset(1, new Dictionary<string, object> { ["x"] = 1 }));
        remote.Step([0, 1]); // the session survived the bad calls
    }
}
