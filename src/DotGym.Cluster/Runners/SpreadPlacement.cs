using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace DotGym.Cluster.Runners;

/// <summary>
/// Places runner k (its grain's integer key) on the k-th live silo (silos in address order, k modulo their count), so
/// the runners of one learner spread evenly over the cluster and step in parallel. When a silo dies, Orleans asks
/// again and its runners land on the survivors.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SpreadPlacement : PlacementStrategy
{
    /// <summary>The one instance (the strategy has no parameters).</summary>
    public static readonly SpreadPlacement Instance = new();
}

/// <summary>Marks a grain class for <see cref="SpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute() : PlacementAttribute(SpreadPlacement.Instance);

/// <summary>Runs <see cref="SpreadPlacement"/> on the silo that places a runner.</summary>
internal sealed class SpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0) throw new OrleansException("No silo can host an env runner; start a silo with `dotgym cluster silo`.");
        var ordered = silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        long index = target.GrainIdentity.TryGetIntegerKey(out long key, out _) ? key : 0;
        return Task.FromResult(ordered[(int)(Math.Abs(index) % ordered.Length)]);
    }
}
