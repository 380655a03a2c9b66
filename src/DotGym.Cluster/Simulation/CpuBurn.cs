using System.Diagnostics;
using DotGym.Wrappers;

namespace DotGym.Cluster.Simulation;

/// <summary>
/// A stand-in for an expensive simulator: every <see cref="Step"/> of the wrapped env first spins the calling thread
/// for a fixed wall time (<see cref="Cost"/>, measured with <see cref="Stopwatch"/>: busy CPU, no sleep), then steps
/// as the inner env. Results are the inner env's, unchanged, so a burned run equals a plain one; only its speed
/// tells the cost apart. Measures how a cluster scales when stepping, not messaging, dominates.
/// </summary>
public sealed class CpuBurn<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly long _ticks;

    /// <summary>Wraps <paramref name="env"/> so that each step burns <paramref name="cost"/> of CPU.</summary>
    public CpuBurn(Env<TObs, TAct> env, TimeSpan cost) : base(env)
    {
        if (cost < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(cost), cost, "The CPU cost per step must be zero or positive.");
        Cost = cost;
        _ticks = (long)(cost.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>CPU time each step burns before stepping the inner env.</summary>
    public TimeSpan Cost { get; }

    public override StepResult<TObs> Step(TAct action)
    {
        long until = Stopwatch.GetTimestamp() + _ticks;
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
        return base.Step(action);
    }
}
