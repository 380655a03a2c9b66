using BenchmarkDotNet.Running;

namespace DotGym.Benchmarks;

/// <summary>Entry point: pick benchmarks with BenchmarkDotNet's switcher, e.g. <c>-- --filter '*CartPole*' --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
