namespace DotGym.Cluster;

/// <summary>The cluster cannot serve the envs: no silo is reachable, a lost runner found no surviving silo in time, or the silos disagree with the learner.</summary>
public sealed class ClusterEnvException : Exception
{
    public ClusterEnvException(string message) : base(message) { }
    public ClusterEnvException(string message, Exception inner) : base(message, inner) { }
}
