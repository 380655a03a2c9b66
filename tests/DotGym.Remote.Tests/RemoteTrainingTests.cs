using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Cli;
using DotGym.Cli.Runs;
using DotGym.Registration;
using DotGym.Remote.Server;

namespace DotGym.Remote.Tests;

/// <summary>Training against env servers: the same run as local envs, and a dead server costs no trainer state.</summary>
public class RemoteTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dotgym-remote-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Train(string folder, params string[] source) =>
        ["train", .. source, "--seed", "3", "--steps", "1500", "--eval-episodes", "2", "--no-progress", "--device", "cpu", "--out", folder];

    [Fact]
    public void A_remote_CartPole_trains_bit_for_bit_like_the_local_one()
    {
        using var a = RemoteVectorEnvTests.CartPoleServer(5);
        using var b = RemoteVectorEnvTests.CartPoleServer(3);
        string local = Path.Combine(_root, "local"), remote = Path.Combine(_root, "remote");
        Assert.Equal(0, Program.Main(Train(local, "--env", "CartPole-v1", "--num-envs", "8")));
        Assert.Equal(0, Program.Main(Train(remote, "--remote", $"127.0.0.1:{a.Port},127.0.0.1:{b.Port}")));

        foreach (var file in new[] { "metrics.csv", "episodes.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(local, file)), File.ReadAllText(Path.Combine(remote, file)));
        Assert.True(File.ReadAllLines(Path.Combine(local, "episodes.csv")).Length > 20, "the run should span many episodes");

        // Same weights: the two final models act identically, and their parameters are equal bit for bit.
        using var fromLocal = Agent.Load(Path.Combine(local, "model.ckpt"), () => Gym.Make("CartPole-v1"));
        using var fromRemote = Agent.Load(Path.Combine(remote, "model.ckpt"), () => Gym.Make("CartPole-v1"));
        var localParameters = fromLocal.Policy.Network.Module.parameters().ToList();
        var remoteParameters = fromRemote.Policy.Network.Module.parameters().ToList();
        Assert.Equal(localParameters.Count, remoteParameters.Count);
        for (int i = 0; i < localParameters.Count; i++)
            Assert.Equal(localParameters[i].data<float>().ToArray(), remoteParameters[i].data<float>().ToArray());
    }

    [Fact]
    public async Task A_killed_server_stops_the_trainer_with_a_clear_error_and_an_intact_checkpoint()
    {
        var server = RemoteVectorEnvTests.CartPoleServer(4);
        string folder = Path.Combine(_root, "killed"), checkpoints = Path.Combine(folder, "checkpoints");
        var agent = AgentPresets.Get("ppo", "CartPole-v1") with { NumEnvs = 4, Seed = 1, Device = "cpu" };
        var config = new RunConfig
        {
            Env = "CartPole-v1", Algo = "ppo", Seed = 1, TotalSteps = 10_000_000, Device = "cpu", EvalEpisodes = 1,
            CheckpointEvery = 256, Agent = ConfigBinder.ToJson(agent), Remote = [$"127.0.0.1:{server.Port}"],
        };

        // Kill the server (connections dropped, no goodbye) once the first periodic checkpoint is on disk.
        byte[]? firstCheckpoint = null;
        string? firstPath = null;
        var killer = Task.Run(async () =>
        {
            while (!Directory.Exists(checkpoints) || Directory.GetFiles(checkpoints, "*.ckpt").Length == 0) await Task.Delay(20);
            await Task.Delay(200);
            // The newest periodic checkpoint, read before the kill: the run keeps its last
            // RunFolderLogger.CheckpointsKept, so an older one may be rotated out by the one written at the failure.
            firstPath = Directory.GetFiles(checkpoints, "*.ckpt").Order(StringComparer.Ordinal).Last();
            firstCheckpoint = await File.ReadAllBytesAsync(firstPath);
            await server.StopAsync(new CancellationToken(canceled: true));
        });

        var e = Assert.Throws<RemoteEnvException>(() => new TrainingSession(config, folder, TrainingOutput.Silent).Run(resume: false));
        await killer;
        await server.DisposeAsync();
        Assert.Contains($"127.0.0.1:{server.Port}", e.Message);
        Assert.Contains("Training stopped at step", e.Message);
        Assert.Contains($"dotgym train --resume {folder}", e.Message);

        // The periodic checkpoint is untouched, and every checkpoint (the one written at the failure too) loads.
        Assert.Equal(firstCheckpoint, File.ReadAllBytes(firstPath!));
        var all = Directory.GetFiles(checkpoints, "*.ckpt").Order(StringComparer.Ordinal).ToList();
        Assert.Contains(firstPath!, all);
        foreach (var path in all)
        {
            using var loaded = Agent.Load(path, () => Gym.Make("CartPole-v1"));
            Assert.True(loaded.GlobalStep > 0);
        }
        using var last = Agent.Load(all[^1], () => Gym.Make("CartPole-v1"));
        using var periodic = Agent.Load(firstPath!, () => Gym.Make("CartPole-v1"));
        // A failure right after the periodic checkpoint leaves nothing newer to save: that checkpoint stays the last.
        if (all[^1] != firstPath) Assert.True(last.GlobalStep > periodic.GlobalStep, "the failure's checkpoint keeps the training done after the periodic one");
        Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
    }
}
