namespace DotGym.Experiments.Throughput;

/// <summary>
/// Picks throughput cases by name. The cases themselves come from the caller (the CLI's built-in catalog hands the
/// built-in envs to the env-agnostic workloads under <c>Cases/</c>), so this project references no env package.
/// </summary>
public static class ThroughputCatalog
{
    /// <summary>
    /// The <paramref name="cases"/> whose name contains <paramref name="filter"/> (case-insensitive); all of them when
    /// it is null or empty. Throws, listing every name, when nothing matches.
    /// </summary>
    public static IReadOnlyList<ThroughputCase> Select(string? filter, IReadOnlyList<ThroughputCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (string.IsNullOrWhiteSpace(filter)) return cases;
        var chosen = cases.Where(c => c.Name.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
            throw new ArgumentException($"No throughput case name contains '{filter}'. Cases: {string.Join(", ", cases.Select(c => c.Name))}.");
        return chosen;
    }
}
