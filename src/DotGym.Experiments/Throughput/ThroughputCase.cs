namespace DotGym.Experiments.Throughput;

/// <summary>A named throughput measurement: how to build its <see cref="ThroughputWorkload"/> (untimed).</summary>
/// <param name="Name">Stable id used in reports and JSON, e.g. <c>CartPole-v1/single</c>.</param>
/// <param name="Description">One line saying exactly what is stepped, so numbers are read honestly.</param>
/// <param name="Setup">Builds a fresh workload; the harness disposes it after measuring.</param>
public sealed record ThroughputCase(string Name, string Description, Func<ThroughputWorkload> Setup)
{
    public override string ToString() => Name;
}
