using DotGym.Envs.ClassicControl;

namespace DotGym.Experiments.Throughput.Cases;

/// <summary>
/// 1024 CartPoles per iteration (<c>CartPole-v1/vec1024/*</c>): the batch sizes vectorised training uses. Each
/// iteration counts 1024 env steps.
/// </summary>
public static class CartPoleVectorCases
{
    public const int BatchSize = 1024;

    public static IEnumerable<ThroughputCase> Create() =>
    [
        new("CartPole-v1/vec1024/sync",
            $"{BatchSize} raw CartPoleEnvs stepped in a plain loop on one thread (no vector-env API, no SIMD), pre-sampled random actions",
            () => new PlainLoopWorkload()),
    ];

    /// <summary>The baseline every batched or vector implementation should beat: separate envs in a for loop.</summary>
    private sealed class PlainLoopWorkload : ThroughputWorkload
    {
        private const int ActionCount = 4096;
        private readonly CartPoleEnv[] _envs = new CartPoleEnv[BatchSize];
        private readonly int[] _actions = new int[ActionCount];
        private int _next;

        public PlainLoopWorkload()
        {
            var sampler = new System.Random(0);
            for (int i = 0; i < _actions.Length; i++) _actions[i] = sampler.Next(2);
            for (int i = 0; i < _envs.Length; i++)
            {
                _envs[i] = new CartPoleEnv();
                _envs[i].Reset(seed: i);
            }
        }

        public override long Run(int iterations)
        {
            var envs = _envs;
            var actions = _actions;
            int next = _next;
            for (int t = 0; t < iterations; t++)
                for (int i = 0; i < envs.Length; i++)
                {
                    var result = envs[i].Step(actions[next]);
                    next = (next + 1) & (ActionCount - 1);
                    if (result.Terminated || result.Truncated) envs[i].Reset();
                }
            _next = next;
            return (long)iterations * envs.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                foreach (var env in _envs) env.Dispose();
        }
    }
}
