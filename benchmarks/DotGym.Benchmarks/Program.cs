using BenchmarkDotNet.Running;
using DotGym.Benchmarks.Infrastructure;

namespace DotGym.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher picks benchmarks by filter, e.g.
/// <c>dotnet run -c Release --project benchmarks/DotGym.Benchmarks -- --filter '*CartPole*' --job short</c>
/// (see benchmarks/README.md). Without arguments it lists the classes and asks which to run.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        GeneratedProjectNativeFix.Enable();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
