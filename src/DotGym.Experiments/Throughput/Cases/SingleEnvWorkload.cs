namespace DotGym.Experiments.Throughput.Cases;

/// <summary>
/// Steps one raw env (no wrappers) with actions pre-sampled from its action space, resetting when an episode ends:
/// the env's own cost plus the occasional reset, nothing else.
/// </summary>
internal sealed class SingleEnvWorkload<TObs, TAct> : ThroughputWorkload
{
    private const int ActionCount = 4096; // a power of two: the index wraps with a mask
    private readonly Env<TObs, TAct> _env;
    private readonly TAct[] _actions = new TAct[ActionCount];
    private int _next;

    public SingleEnvWorkload(Env<TObs, TAct> env, long seed = 0)
    {
        _env = env;
        _env.Reset(seed);
        _env.ActionSpace.Seed(seed);
        for (int i = 0; i < _actions.Length; i++) _actions[i] = _env.ActionSpace.Sample();
    }

    public override long Run(int iterations)
    {
        var env = _env;
        var actions = _actions;
        int next = _next;
        for (int i = 0; i < iterations; i++)
        {
            var result = env.Step(actions[next]);
            next = (next + 1) & (ActionCount - 1);
            if (result.Terminated || result.Truncated) env.Reset();
        }
        _next = next;
        return iterations;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _env.Dispose();
    }
}
