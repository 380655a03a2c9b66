using System.Text;
using System.Text.Json.Nodes;
using DotGym.Testing;

namespace DotGym.Agents.Tests.Cli;

/// <summary>
/// The README's reproducible training and exact resume, across processes: for each algorithm on an env with
/// randomness (slippery FrozenLake, the slipping LavaSlip grid, CartPole's random starts), two `dotgym train` processes
/// with the same seed, and a run stopped with --stop-after then resumed in a fresh process, end with the same
/// metrics.csv (wall-clock columns aside), episodes.csv, eval.csv and model file (its wall-clock counters aside).
/// </summary>
public sealed class CrossProcessReproducibilityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dotgym-xproc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("ppo", "FrozenLake-v1")]
    [InlineData("a2c", "GridWorld-LavaSlip-v0")]
    [InlineData("reinforce", "CartPole-v1")]
    public void TwoProcessesAndAResumeInAFreshProcessTrainTheSameRun(string algo, string env)
    {
        string[] Train(string folder, params string[] extra) =>
            ["train", "--env", env, "--algo", algo, "--seed", "5", "--steps", "3000", "--device", "cpu", "--eval-episodes", "3",
             "--checkpoint-every", "1000", "--no-progress", "--out", folder, .. extra];
        string first = Path.Combine(_root, "first"), second = Path.Combine(_root, "second"), resumed = Path.Combine(_root, "resumed");
        Dotgym(Train(first));
        Dotgym(Train(second));
        Dotgym(Train(resumed, "--stop-after", "1500"));
        Assert.True(File.ReadAllLines(Path.Combine(resumed, "episodes.csv")).Length < File.ReadAllLines(Path.Combine(first, "episodes.csv")).Length,
            "--stop-after 1500 should stop before the end");
        Dotgym("train", "--resume", resumed, "--no-progress");

        foreach (var other in new[] { second, resumed })
        {
            string which = other == second ? "a second process" : "a resumed process";
            Assert.Equal(DeterministicMetrics(first), DeterministicMetrics(other));
            foreach (var file in new[] { "episodes.csv", "eval.csv" })
                Assert.True(File.ReadAllText(Path.Combine(first, file)) == File.ReadAllText(Path.Combine(other, file)), $"{file} of {which} differs");
            AssertSameModel(Path.Combine(first, "model.ckpt"), Path.Combine(other, "model.ckpt"), which);
        }
        Assert.True(File.ReadAllLines(Path.Combine(first, "episodes.csv")).Length > 10, "the run should end episodes");
    }

    /// <summary>Runs the built CLI (dotgym.dll beside the tests) in its own process with one TorchSharp thread.</summary>
    private void Dotgym(params string[] args)
    {
        var (code, output) = ChildProcess.Run(ChildProcess.DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "dotgym.dll"), .. args], Directory.CreateDirectory(_root).FullName,
            TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1" });
        Assert.True(code == 0, $"dotgym {string.Join(' ', args)} exited {code}:\n{output}");
    }

    private static string[] DeterministicMetrics(string folder)
    {
        var rows = File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => l.Split(',')).ToArray();
        var keep = rows[0].Select((c, i) => (c, i)).Where(x => !x.c.EndsWith("_seconds", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        return rows.Select(r => string.Join(",", keep.Select(i => r[i]))).ToArray();
    }

    /// <summary>
    /// Every byte of the two checkpoints but the header's wall-clock counters (and so the checksum): the header is
    /// "DOTGYMCK", the int32 version and the int32-length-prefixed JSON; the sections (policy, optimizer, generators,
    /// normalizers, runner, env state) follow it.
    /// </summary>
    private static void AssertSameModel(string expectedPath, string actualPath, string which)
    {
        var (expectedHeader, expectedSections) = Split(File.ReadAllBytes(expectedPath));
        var (actualHeader, actualSections) = Split(File.ReadAllBytes(actualPath));
        Assert.True(expectedHeader == actualHeader, $"the model header of {which} differs:\n{expectedHeader}\n{actualHeader}");
        Assert.True(expectedSections.AsSpan().SequenceEqual(actualSections), $"the model's weights, optimizer, generators or env state of {which} differ");

        static (string Header, byte[] Sections) Split(byte[] file)
        {
            int length = BitConverter.ToInt32(file, 12);
            var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 16, length))!.AsObject();
            var counters = header["counters"]!.AsObject();
            counters.Remove("training_seconds");
            counters.Remove("seconds_to_threshold");
            return (header.ToJsonString(), file[(16 + length)..^32]);
        }
    }
}
