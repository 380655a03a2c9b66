namespace DotGym.Experiments.Throughput;

/// <summary>
/// A case's prepared state (envs, pre-generated actions) and its step loop. <see cref="Run"/> is what the harness
/// times; everything built in the constructor is not timed.
/// </summary>
public abstract class ThroughputWorkload : IDisposable
{
    /// <summary>Runs <paramref name="iterations"/> iterations of the loop and returns how many env steps they took
    /// (1 per iteration for a single env, 1024 per iteration for a batch of 1024).</summary>
    public abstract long Run(int iterations);

    /// <summary>Whether every allocation of <see cref="Run"/> happens on the calling thread, so that
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees them all (false for multi-threaded workloads).</summary>
    public virtual bool AllocationsOnCallingThread => true;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}
