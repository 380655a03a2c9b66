using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using DotGym.Wrappers;

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
        new("CartPole-v1/vec1024/loop",
            $"{BatchSize} raw CartPoleEnvs stepped in a plain loop on one thread (no vector-env API, no SIMD), pre-sampled random actions",
            () => new PlainLoopWorkload()),
        new("CartPole-v1/vec1024/sync",
            $"SyncVectorEnv over {BatchSize} CartPoleEnv + TimeLimit(500), next-step autoreset, one contiguous observation batch",
            () => new VectorEnvWorkload(threaded: false)),
        new("CartPole-v1/vec1024/threaded",
            $"ThreadedVectorEnv over {BatchSize} CartPoleEnv + TimeLimit(500), one worker per core",
            () => new VectorEnvWorkload(threaded: true)),
        new("CartPole-v1/vec1024/exact",
            $"CartPoleBatch of {BatchSize}: structure of arrays, SIMD, libm sin/cos (bit-identical to CartPoleEnv), one thread",
            () => new BatchWorkload(CartPoleBatchMode.Exact)),
        new("CartPole-v1/vec1024/fast",
            $"CartPoleBatch of {BatchSize}: structure of arrays, SIMD, vectorised polynomial sin/cos (error <= 2.3e-16), one thread",
            () => new BatchWorkload(CartPoleBatchMode.Fast)),
    ];

    private static int[] RandomActions(int count)
    {
        var sampler = new System.Random(0);
        var actions = new int[count];
        for (int i = 0; i < actions.Length; i++) actions[i] = sampler.Next(2);
        return actions;
    }

    /// <summary>One call steps all <see cref="BatchSize"/> envs, with a sliding window over pre-sampled random actions.</summary>
    private abstract class BatchStepWorkload : ThroughputWorkload
    {
        private readonly int[] _actions = RandomActions(BatchSize * 4);
        private int _offset;

        /// <summary>Steps every env once with <paramref name="actions"/> (one action each).</summary>
        protected abstract void StepAll(ReadOnlySpan<int> actions);

        public override long Run(int iterations)
        {
            for (int t = 0; t < iterations; t++)
            {
                StepAll(_actions.AsSpan(_offset, BatchSize));
                _offset = (_offset + BatchSize) % (_actions.Length - BatchSize);
            }
            return (long)iterations * BatchSize;
        }
    }

    /// <summary>Core's vector envs: one call steps all 1024 sub-envs with their wrappers.</summary>
    private sealed class VectorEnvWorkload : BatchStepWorkload
    {
        private readonly VectorEnv<float[], int> _env;

        public VectorEnvWorkload(bool threaded)
        {
            Env<float[], int> Make(int i) => new TimeLimit<float[], int>(new CartPoleEnv(), 500);
            _env = threaded ? new ThreadedVectorEnv<float[], int>(BatchSize, Make) : new SyncVectorEnv<float[], int>(BatchSize, Make);
            _env.Reset(seed: 0);
            AllocationsOnCallingThread = !threaded;
        }

        public override bool AllocationsOnCallingThread { get; }

        protected override void StepAll(ReadOnlySpan<int> actions) => _env.Step(actions);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _env.Dispose();
        }
    }

    /// <summary>The batched SIMD CartPole.</summary>
    private sealed class BatchWorkload : BatchStepWorkload
    {
        private readonly CartPoleBatch _batch;

        public BatchWorkload(CartPoleBatchMode mode)
        {
            _batch = new CartPoleBatch(BatchSize, mode);
            _batch.Reset(seed: 0);
        }

        protected override void StepAll(ReadOnlySpan<int> actions) => _batch.Step(actions);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _batch.Dispose();
        }
    }

    /// <summary>The baseline every batched or vector implementation should beat: separate envs in a for loop.</summary>
    private sealed class PlainLoopWorkload : ThroughputWorkload
    {
        private const int ActionCount = 4096;
        private readonly CartPoleEnv[] _envs = new CartPoleEnv[BatchSize];
        private readonly int[] _actions = RandomActions(ActionCount);
        private int _next;

        public PlainLoopWorkload()
        {
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
