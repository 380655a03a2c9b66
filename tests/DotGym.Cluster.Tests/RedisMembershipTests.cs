using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DotGym.Cluster.Hosting;
using DotGym.Testing;

namespace DotGym.Cluster.Tests;

/// <summary>
/// Membership in Redis: silos join as equals (no primary), a trainer finds them through Redis, and killing the
/// first silo (which would take a localhost cluster's membership table with it) leaves a working cluster.
/// </summary>
public sealed class RedisMembershipTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-redis-").FullName;
    private readonly List<IDisposable> _processes = [];

    [SkippableFact]
    public void Killing_the_first_of_two_redis_silos_mid_training_drops_its_episodes_and_the_run_completes()
    {
        var redis = RedisServer.TryStart();
        Skip.If(redis is null, RedisServer.MissingReason);
        _processes.Add(redis);
        int firstPort = RedisServer.FreePort(), secondPort = RedisServer.FreePort();
        var first = Silo("--membership", redis.Uri, "--port", $"{firstPort}", "--gateway-port", $"{RedisServer.FreePort()}");
        Assert.True(first.Printed($"membership redis://127.0.0.1:{redis.Port}/0", TimeSpan.FromSeconds(10)), first.Output);
        Silo("--membership", redis.Uri, "--port", $"{secondPort}", "--gateway-port", $"{RedisServer.FreePort()}"); // no --primary: equals

        string run = Path.Combine(_folder, "run");
        var training = Task.Run(() => Dotnet(["train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", "2", "--steps", "12000", "--num-envs", "4",
            "--checkpoint-every", "2048", "--eval-episodes", "2", "--no-progress", "--device", "cpu", "--out", run, "--cluster", redis.Uri]));
        // Mid-training: once the first checkpoint is written, about a sixth of the way in. The calls in flight through the
        // dead silo fail when Orleans' response timeout (30 s) passes, which dominates this test's time.
        var clock = Stopwatch.StartNew();
        string checkpoints = Path.Combine(run, "checkpoints");
        while (!(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*.ckpt").Any()))
        {
            Assert.False(training.IsCompleted, $"training ended before its first checkpoint:\n{(training.IsCompleted ? training.Result.Output : "")}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint within 2 minutes");
            Thread.Sleep(100);
        }
        first.Kill();
        var (exitCode, output) = training.GetAwaiter().GetResult();

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(run, "summary.json")), output);
        Assert.Contains($"127.0.0.1:{firstPort}", output); // the learner reported the lost runner's silo
        Assert.Contains("was lost", output);
        var summary = Regex.Match(Flat(output), @"Cluster: (\d+) episodes dropped, (\d+) runner restarts; runners now on (S?[0-9.:@]+(?:, S?[0-9.:@]+)*)");
        Assert.True(summary.Success, output);
        Assert.True(int.Parse(summary.Groups[1].Value) >= 1, output); // the episodes in flight on the killed silo
        Assert.True(int.Parse(summary.Groups[2].Value) >= 1, output);
        Assert.True(summary.Groups[3].Value.Contains($"127.0.0.1:{secondPort}"), output);
        Assert.False(summary.Groups[3].Value.Contains($"127.0.0.1:{firstPort}"), output); // every runner now on the survivor
        Assert.Contains($"redis://127.0.0.1:{redis.Port}/0", File.ReadAllText(Path.Combine(run, "config.json"))); // --resume finds it again
    }

    [Fact]
    public void An_unreachable_redis_is_reported_soon_with_its_address_and_the_fix()
    {
        int port = RedisServer.FreePort(); // nothing listens there
        var clock = Stopwatch.StartNew();
        var silo = Dotnet(["cluster", "silo", "--membership", $"redis://127.0.0.1:{port}"]);
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains($"Could not reach the membership Redis at 127.0.0.1:{port}", Flat(silo.Output));
        Assert.Contains("Start redis-server there", Flat(silo.Output));
        var train = Dotnet(["train", "--env", "CartPole-v1", "--steps", "100", "--cluster", $"redis://127.0.0.1:{port}", "--out", Path.Combine(_folder, "a")]);
        Assert.NotEqual(0, train.ExitCode);
        Assert.Contains($"Could not reach the membership Redis at 127.0.0.1:{port}", Flat(train.Output));
        // Bounded by MembershipConnectTimeout (5 s) each, plus process start-up; Orleans alone would retry far longer.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Bad_membership_options_are_refused_with_the_fix()
    {
        var malformed = Dotnet(["cluster", "silo", "--membership", "redis://127.0.0.1:notaport"]);
        Assert.NotEqual(0, malformed.ExitCode);
        Assert.Contains("is not a Redis membership URI: expected redis://HOST[:PORT][/DB]", Flat(malformed.Output));
        var train = Dotnet(["train", "--env", "CartPole-v1", "--cluster", "redis://127.0.0.1:6379/99", "--out", Path.Combine(_folder, "b")]);
        Assert.NotEqual(0, train.ExitCode);
        Assert.Contains("the database is a number 0-15", Flat(train.Output));
        var exposed = Dotnet(["cluster", "silo", "--membership", "redis://127.0.0.1:6379", "--advertise", "10.1.2.3"]);
        Assert.NotEqual(0, exposed.ExitCode);
        Assert.Contains("needs a shared secret of at least 16 characters: --secret or DOTGYM_CLUSTER_SECRET", Flat(exposed.Output));
        var localhost = Dotnet(["cluster", "silo", "--advertise", "10.1.2.3", "--secret", "0123456789abcdef"]);
        Assert.NotEqual(0, localhost.ExitCode);
        Assert.Contains("add --membership redis://HOST:PORT", Flat(localhost.Output));
        var both = Dotnet(["cluster", "silo", "--membership", "redis://127.0.0.1:6379", "--primary", "127.0.0.1:11111"]);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("Leave out the primary", Flat(both.Output));
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6390/3", "127.0.0.1", 6390, 3)]
    [InlineData("redis://redis.internal", "redis.internal", 6379, 0)]
    [InlineData("REDIS://[::1]:7000/", "::1", 7000, 0)]
    public void Membership_uris_parse(string text, string host, int port, int database) =>
        Assert.Equal(new RedisMembership { Host = host, Port = port, Database = database }, RedisMembership.Parse(text));

    [Theory]
    [InlineData("redis://", "is not a Redis membership URI")]
    [InlineData("127.0.0.1:6379", "is not a Redis membership URI")]
    [InlineData("redis://h:1/x", "the database is a number 0-15")]
    [InlineData("redis://:pw@h:1", "carries credentials")]
    [InlineData("redis://h:1?ssl=true", "has options after the address")]
    public void Bad_membership_uris_are_refused(string text, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => RedisMembership.Parse(text)).Message);

    [Fact]
    public void A_silo_beyond_loopback_needs_redis_and_a_secret()
    {
        var redis = RedisMembership.Parse("redis://127.0.0.1:6379");
        var open = new ClusterSiloOptions { Membership = redis, Bind = IPAddress.Any };
        Assert.Contains("--secret or DOTGYM_CLUSTER_SECRET", Assert.Throws<ArgumentException>(open.Validate).Message);
        var localhost = new ClusterSiloOptions { Advertise = IPAddress.Parse("10.1.2.3"), Secret = "0123456789abcdef" };
        Assert.Contains("keep the table in Redis", Assert.Throws<ArgumentException>(localhost.Validate).Message);
        (open with { Secret = "0123456789abcdef" }).Validate();
        new ClusterSiloOptions { Membership = redis }.Validate(); // loopback needs no secret
    }

    private static string Flat(string output) => Regex.Replace(output, @"\s+", " ");

    private SiloProcess Silo(params string[] arguments)
    {
        var silo = new SiloProcess(_folder, arguments);
        _processes.Add(silo);
        return silo;
    }

    private (int ExitCode, string Output) Dotnet(string[] arguments) =>
        ChildProcess.Run(ChildProcess.DotnetHost(), [SiloProcess.Dotgym, .. arguments], _folder, TimeSpan.FromMinutes(4),
            new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1", ["DOTGYM_CLUSTER_SECRET"] = null, ["DOTGYM_CLUSTER_MEMBERSHIP"] = null, ["COLUMNS"] = "200" });

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
