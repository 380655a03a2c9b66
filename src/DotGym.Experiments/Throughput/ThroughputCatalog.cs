using DotGym.Experiments.Throughput.Cases;

namespace DotGym.Experiments.Throughput;

/// <summary>
/// Every built-in throughput case, in report order. Each family lives in its own file under <c>Cases/</c> with a
/// static <c>Create()</c>; to add a family, add such a file and one line here.
/// </summary>
public static class ThroughputCatalog
{
    public static IReadOnlyList<ThroughputCase> All { get; } =
    [
        .. SingleEnvCases.Create(),
        .. CartPoleVectorCases.Create(),
    ];

    /// <summary>
    /// The cases whose name contains <paramref name="filter"/> (case-insensitive); all of them when it is null or
    /// empty. Throws, listing every name, when nothing matches.
    /// </summary>
    public static IReadOnlyList<ThroughputCase> Select(string? filter, IReadOnlyList<ThroughputCase>? cases = null)
    {
        cases ??= All;
        if (string.IsNullOrWhiteSpace(filter)) return cases;
        var chosen = cases.Where(c => c.Name.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
            throw new ArgumentException($"No throughput case name contains '{filter}'. Cases: {string.Join(", ", cases.Select(c => c.Name))}.");
        return chosen;
    }
}
