using System.Diagnostics;
using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Remote.Client;
using DotGym.Spaces;
using DotGym.Testing;

namespace DotGym.Remote.Tests;

/// <summary>
/// examples/RemoteEnv/python/corridor_server.py, an env server written in Python from the same .proto, trained by
/// DotGym. Skips where Debian's python3-grpcio and python3-grpc-tools are missing.
/// </summary>
public sealed class PythonServerTests : IDisposable
{
    private readonly Process? _server;
    private readonly string? _address;
    private readonly string? _skipReason;

    public PythonServerTests()
    {
        string? python = FindPython();
        if (python is null)
        {
            _skipReason = "no python3 with grpc and grpc_tools (apt-get install python3-grpcio python3-grpc-tools; or set DOTGYM_PYTHON)";
            return;
        }
        string script = Path.Combine(ChildProcess.RepositoryRoot(), "examples", "RemoteEnv", "python", "corridor_server.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, "--port", "0", "--num-envs", "4" }) start.ArgumentList.Add(a);
        _server = Process.Start(start)!;
        var line = _server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("listening on ", StringComparison.Ordinal))
            throw new InvalidOperationException($"corridor_server.py did not start: {line}\n{_server.StandardError.ReadToEnd()}");
        _address = line["listening on ".Length..].Trim();
    }

    public void Dispose()
    {
        if (_server is null) return;
        _server.Kill(entireProcessTree: true);
        _server.WaitForExit();
        _server.Dispose();
    }

    [SkippableFact]
    public void The_python_server_speaks_the_protocol()
    {
        Skip.If(_skipReason is not null, _skipReason);
        using var envs = RemoteVectorEnv.Connect<int, int>([_address!]);
        Assert.Equal("PyCorridor-v0", envs.EnvId);
        Assert.Equal(new Discrete(8), envs.SingleObservationSpace);
        Assert.Equal(new Discrete(2), envs.SingleActionSpace);
        Assert.Equal(0.9, envs.Spec.RewardThreshold);
        var first = envs.Reset(seed: 5).Observations.AsArray<int>().ToArray();
        Assert.Equal(first, envs.Reset(seed: 5).Observations.AsArray<int>()); // seeded resets repeat
        Assert.All(first, p => Assert.InRange(p, 0, 3));
        var step = envs.Step([1, 1, 0, 1]);
        Assert.Equal(first[0] + 1, step.Observations.AsArray<int>()[0]);
        Assert.Equal(-0.01, step.Rewards[0]);
    }

    [SkippableFact]
    public void DotGym_trains_PPO_on_the_python_env()
    {
        Skip.If(_skipReason is not null, _skipReason);
        var config = AgentPresets.Get("ppo", null) with { NumEnvs = 4, Seed = 1, Device = "cpu" };
        using var agent = Agent.Create(config, RemoteVectorEnv.Connect([_address!]));
        agent.Learn(12_000);
        using var eval = RemoteEnv.Connect(_address!);
        var result = agent.Evaluate(eval, episodes: 10, seed: 100);
        Assert.True(result.MeanReturn >= 0.9, $"PPO should walk straight to the exit (return >= 0.9), got {result.MeanReturn:0.###}");
    }

    private static string? FindPython()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("DOTGYM_PYTHON"), "/usr/bin/python3", "python3" };
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                var (code, _) = ChildProcess.Run(candidate, ["-c", "import grpc, grpc_tools"], Environment.CurrentDirectory, TimeSpan.FromSeconds(30));
                if (code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }
        return null;
    }
}
