using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;
using DotGym.Wrappers;

namespace DotGym.Benchmarks;

/// <summary>
/// What wrappers cost per step: raw CartPole-v1 (the baseline) against the same env under a growing stack,
/// TimeLimit → RecordEpisodeStatistics → NormalizeObservation (Gymnasium's usual training setup). Recorded random
/// actions, reset when an episode ends; the Ratio column is the slowdown over the raw env.
/// Method names list the stack from the inside out (EpisodeStats = RecordEpisodeStatistics, NormalizeObs =
/// NormalizeObservation).
/// </summary>
[MemoryDiagnoser]
public class CartPoleWrapperOverheadBenchmarks
{
    /// <summary>Steps per invocation; BenchmarkDotNet divides by it, so Mean reads as time per step.</summary>
    public const int StepsPerInvoke = 1024;
    private const int MaxEpisodeSteps = 500;

    private EpisodeLoop<float[], int> _raw = null!;
    private EpisodeLoop<float[], int> _timeLimit = null!;
    private EpisodeLoop<float[], int> _episodeStatistics = null!;
    private EpisodeLoop<float[], int> _normalized = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Random actions end CartPole episodes long before 500 steps, so every variant sees the same episodes.
        _raw = new(new CartPoleEnv());
        _timeLimit = new(WithTimeLimit());
        _episodeStatistics = new(WithEpisodeStatistics());
        _normalized = new(new NormalizeObservation<float, int>(WithEpisodeStatistics()));
    }

    private static TimeLimit<float[], int> WithTimeLimit() => new(new CartPoleEnv(), MaxEpisodeSteps);

    private static RecordEpisodeStatistics<float[], int> WithEpisodeStatistics() => new(WithTimeLimit());

    [Benchmark(Baseline = true, OperationsPerInvoke = StepsPerInvoke)]
    public double Raw() => _raw.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public double TimeLimit() => _timeLimit.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public double TimeLimit_EpisodeStats() => _episodeStatistics.Run(StepsPerInvoke);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public double TimeLimit_EpisodeStats_NormalizeObs() => _normalized.Run(StepsPerInvoke);

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _timeLimit.Dispose();
        _episodeStatistics.Dispose();
        _normalized.Dispose();
    }
}
