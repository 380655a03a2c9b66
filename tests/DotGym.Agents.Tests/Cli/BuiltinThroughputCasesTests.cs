using DotGym.Cli.Throughput;
using DotGym.Experiments.Throughput;

namespace DotGym.Agents.Tests.Cli;

/// <summary>`dotgym bench throughput`'s catalog of built-in cases (moved from DotGym.Experiments, which no longer references the envs).</summary>
public class BuiltinThroughputCasesTests
{
    [Fact]
    public void Catalog_has_the_documented_case_names_once_each()
    {
        var names = BuiltinThroughputCases.All.Select(c => c.Name).ToArray();
        Assert.Equal(names.Distinct().Count(), names.Length);
        foreach (var expected in new[] { "CartPole-v1/single", "FrozenLake-v1-8x8/single", "MountainCar-v0/single", "Acrobot-v1/single",
                     "Pendulum-v1/single", "GridWorld-4x4-v0/single", "CartPole-v1/vec1024/loop", "CartPole-v1/vec1024/sync",
                     "CartPole-v1/vec1024/threaded", "CartPole-v1/vec1024/exact", "CartPole-v1/vec1024/fast",
                     "CartPole-v1/vec1024/exact2", "CartPole-v1/vec1024/fast2",
                     "CartPole-v1/tensor1024/cpu", "MountainCar-v0/tensor1024/cpu", "Acrobot-v1/tensor1024/cpu" })
            Assert.Contains(expected, names);
        Assert.All(BuiltinThroughputCases.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Fact]
    public void Filter_selects_from_the_builtin_cases()
    {
        Assert.Equal(BuiltinThroughputCases.All, ThroughputCatalog.Select(null, BuiltinThroughputCases.All));
        var cartPole = ThroughputCatalog.Select("cartpole", BuiltinThroughputCases.All);
        Assert.NotEmpty(cartPole);
        Assert.All(cartPole, c => Assert.StartsWith("CartPole-v1/", c.Name));
        var error = Assert.Throws<ArgumentException>(() => ThroughputCatalog.Select("no-such-case", BuiltinThroughputCases.All));
        Assert.Contains("Pendulum-v1/single", error.Message);
    }

    public static TheoryData<string> CaseNames => [.. BuiltinThroughputCases.All.Select(c => c.Name)];

    [Theory, MemberData(nameof(CaseNames))]
    public void Every_case_builds_and_steps(string name)
    {
        var c = BuiltinThroughputCases.All.Single(x => x.Name == name);
        using var workload = c.Setup();
        long first = workload.Run(3);
        Assert.True(first >= 3);
        Assert.Equal(first * 2, workload.Run(6)); // steps scale with iterations
    }
}
