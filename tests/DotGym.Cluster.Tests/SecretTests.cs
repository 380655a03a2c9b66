using DotGym.Cluster.Hosting;
using Microsoft.Extensions.Hosting;

namespace DotGym.Cluster.Tests;

/// <summary>A silo started with a secret serves only learners that send it.</summary>
public sealed class SecretTests : IAsyncLifetime
{
    private const string Secret = "0123456789abcdef0123";
    private IHost _silo = null!;

    public async Task InitializeAsync()
    {
        _silo = ClusterHosts.Silo(new ClusterSiloOptions { SiloPort = 11541, GatewayPort = 30541, Secret = Secret });
        await _silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.StopAsync();
        _silo.Dispose();
    }

    [Theory]
    [InlineData(null, "requires a secret")]
    [InlineData("not-the-secret-at-all", "does not match")]
    public void Runner_calls_without_the_right_secret_are_refused(string? secret, string expected)
    {
        var error = Assert.Throws<ClusterEnvException>(() => ClusterVectorEnv.Connect(["127.0.0.1:30541"], "CartPole-v1", 2, secret: secret));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_right_secret_steps_the_envs()
    {
        using var env = (DotGym.Vector.IVectorEnv<float[], int>)ClusterVectorEnv.Connect(["127.0.0.1:30541"], "CartPole-v1", 2, secret: Secret);
        env.Reset(seed: 0);
        Assert.Equal(2, env.Step([0, 1]).Rewards.Length);
    }
}
