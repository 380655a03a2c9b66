using DotGym.Vector;

namespace DotGym.Cluster;

/// <summary>The untyped face of a <see cref="ClusterVectorEnv{TObs,TAct}"/>: where its runners live and what losing silos cost.</summary>
public interface IClusterVectorEnv : IVectorEnv
{
    /// <summary>The silo each runner lives on now, in row order.</summary>
    IReadOnlyList<string> RunnerSilos { get; }

    /// <summary>Episodes in flight on runners that were lost (returned truncated with <see cref="Infos.EpisodeDropped"/>).</summary>
    long DroppedEpisodes { get; }

    /// <summary>Times a lost runner was reopened on a surviving silo.</summary>
    int RunnerRestarts { get; }
}
