using DotGym.Cli;

namespace DotGym.Remote.Tests;

/// <summary>dotgym serve and dotgym train --remote refuse bad input with exit code 2 and write nothing.</summary>
public class RemoteCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dotgym-remote-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("serve", "--env", "CartPole-v1", "--host", "0.0.0.0", "--port", "0")]               // beyond loopback without a token
    [InlineData("serve", "--env", "CartPole-v1", "--host", "0.0.0.0", "--token", "short", "--port", "0")]
    [InlineData("serve", "--env", "CartPole-v1", "--host", "my-laptop", "--port", "0")]              // not an address
    [InlineData("serve", "--env", "CartPole-v1", "--num-envs", "0", "--port", "0")]
    [InlineData("serve", "--env", "NoSuchEnv-v0", "--port", "0")]
    [InlineData("serve", "--env", "FrozenLake-v1", "--vectorization", "native", "--port", "0")]
    public void Serve_refuses_bad_input(params string[] args) => Assert.Equal(2, Program.Main(args));

    [Fact]
    public void Serve_refuses_a_port_in_use()
    {
        using var server = RemoteVectorEnvTests.CartPoleServer(1);
        Assert.Equal(2, Program.Main(["serve", "--env", "CartPole-v1", "--port", server.Port.ToString()]));
    }

    [Fact]
    public void Train_remote_refuses_local_env_flags_an_unreachable_server_and_a_wrong_num_envs()
    {
        using var server = RemoteVectorEnvTests.CartPoleServer(2);
        string address = $"127.0.0.1:{server.Port}";
        string folder = Path.Combine(_root, "run");
        Assert.Equal(2, Program.Main(["train", "--remote", address, "--env", "CartPole-v1", "--out", folder, "--no-progress"]));
        Assert.Equal(2, Program.Main(["train", "--remote", address, "--num-envs", "8", "--out", folder, "--no-progress"]));
        Assert.Equal(2, Program.Main(["train", "--remote", "127.0.0.1:1", "--out", folder, "--no-progress"]));
        Assert.Equal(2, Program.Main(["train", "--remote", "not an address", "--out", folder, "--no-progress"]));
        Assert.False(Directory.Exists(folder), "a refused run leaves no folder behind");
    }

    [Fact]
    public void Train_remote_with_a_token_server_needs_the_token_and_never_saves_it()
    {
        const string token = "a-long-shared-secret-1234";
        using var server = RemoteVectorEnvTests.CartPoleServer(2, new Remote.Server.EnvServerOptions { Token = token });
        string address = $"127.0.0.1:{server.Port}";
        string folder = Path.Combine(_root, "token-run");
        Assert.Equal(2, Program.Main(["train", "--remote", address, "--out", folder, "--no-progress", "--steps", "64"]));
        Assert.Equal(0, Program.Main(["train", "--remote", address, "--token", token, "--out", folder, "--no-progress", "--steps", "64", "--eval-episodes", "1", "--device", "cpu"]));
        string config = File.ReadAllText(Path.Combine(folder, "config.json"));
        Assert.DoesNotContain(token, config);
        Assert.Contains(address, config);
    }
}
