using DotGym.Agents.Tensors;
using DotGym.Envs.ClassicControl;
using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;
using DotGym.Experiments.Throughput;
using DotGym.Experiments.Throughput.Cases;
using DotGym.Wrappers;

namespace DotGym.Cli.Throughput;

/// <summary>
/// Every throughput case of <c>dotgym bench throughput</c>, in report order: the built-in envs, handed to the
/// env-agnostic workloads of <c>DotGym.Experiments</c> (which references no env package). To add a case, add a line.
/// </summary>
internal static class BuiltinThroughputCases
{
    /// <summary>Envs per iteration of the <c>CartPole-v1/vec1024/*</c> cases: the batch sizes vectorised training uses.</summary>
    public const int BatchSize = 1024;

    public static IReadOnlyList<ThroughputCase> All { get; } =
    [
        SingleEnvCases.Create("CartPole-v1/single", () => new CartPoleEnv()),
        SingleEnvCases.Create("FrozenLake-v1-8x8/single", () => new FrozenLakeEnv(mapName: "8x8", isSlippery: true)),
        SingleEnvCases.Create("MountainCar-v0/single", () => new MountainCarEnv()),
        SingleEnvCases.Create("Acrobot-v1/single", () => new AcrobotEnv()),
        SingleEnvCases.Create("Pendulum-v1/single", () => new PendulumEnv()),
        SingleEnvCases.Create("GridWorld-4x4-v0/single", () => GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse(GridWorldPresets.Open4x4) })),
        new("CartPole-v1/vec1024/loop",
            $"{BatchSize} raw CartPoleEnvs stepped in a plain loop on one thread (no vector-env API, no SIMD), pre-sampled random actions",
            () => new PlainLoopWorkload()),
        new("CartPole-v1/vec1024/sync",
            $"SyncVectorEnv over {BatchSize} CartPoleEnv + TimeLimit(500), next-step autoreset, one contiguous observation batch",
            () => new VectorEnvWorkload<float[]>(BatchSize, MakeCartPole, threaded: false)),
        new("CartPole-v1/vec1024/threaded",
            $"ThreadedVectorEnv over {BatchSize} CartPoleEnv + TimeLimit(500), one worker per core",
            () => new VectorEnvWorkload<float[]>(BatchSize, MakeCartPole, threaded: true)),
        new("CartPole-v1/vec1024/exact",
            $"CartPoleBatch of {BatchSize}: structure of arrays, SIMD, libm sin/cos (bit-identical to CartPoleEnv), one thread",
            () => new CartPoleBatchWorkload(CartPoleBatchMode.Exact)),
        new("CartPole-v1/vec1024/fast",
            $"CartPoleBatch of {BatchSize}: structure of arrays, SIMD, vectorised polynomial sin/cos (error <= 2.3e-16), one thread",
            () => new CartPoleBatchWorkload(CartPoleBatchMode.Fast)),
        new("CartPole-v1/vec1024/exact2",
            $"CartPoleBatch of {BatchSize}, Exact, two threads (two chunks of {BatchSize / 2} envs)",
            () => new CartPoleBatchWorkload(CartPoleBatchMode.Exact, threads: 2)),
        new("CartPole-v1/vec1024/fast2",
            $"CartPoleBatch of {BatchSize}, Fast, two threads (two chunks of {BatchSize / 2} envs)",
            () => new CartPoleBatchWorkload(CartPoleBatchMode.Fast, threads: 2)),
        new("CartPole-v1/tensor1024/cpu",
            $"TensorCartPole of {BatchSize} on the CPU: float32 state in one tensor, same-step autoreset and episode statistics on the device, pre-sampled action tensors",
            () => new TensorEnvWorkload("CartPole-v1", BatchSize)),
        new("CartPole-v1/tensor65536/cpu",
            "TensorCartPole of 65,536 on the CPU (the GPU sizes: benchmarks/tensor-gpu.sh), float32, same-step autoreset",
            () => new TensorEnvWorkload("CartPole-v1", 65_536)),
        new("MountainCar-v0/tensor1024/cpu",
            $"TensorMountainCar of {BatchSize} on the CPU: float32, same-step autoreset, pre-sampled action tensors",
            () => new TensorEnvWorkload("MountainCar-v0", BatchSize)),
        new("Acrobot-v1/tensor1024/cpu",
            $"TensorAcrobot of {BatchSize} on the CPU: float32, one RK4 step (four derivative evaluations) per step, same-step autoreset",
            () => new TensorEnvWorkload("Acrobot-v1", BatchSize)),
    ];

    private static Env<float[], int> MakeCartPole(int index) => new TimeLimit<float[], int>(new CartPoleEnv(), 500);

    /// <summary>The batched SIMD CartPole.</summary>
    private sealed class CartPoleBatchWorkload : BatchStepWorkload
    {
        private readonly CartPoleBatch _batch;

        public CartPoleBatchWorkload(CartPoleBatchMode mode, int threads = 1) : base(BuiltinThroughputCases.BatchSize)
        {
            _batch = new CartPoleBatch(BatchSize, mode, threads: threads);
            _batch.Reset(seed: 0);
        }

        protected override void StepAll(ReadOnlySpan<int> actions) => _batch.Step(actions);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _batch.Dispose();
        }
    }

    /// <summary>A tensor env stepped with action tensors sampled once (the env's cost alone, no policy).</summary>
    private sealed class TensorEnvWorkload : ThroughputWorkload
    {
        private readonly ITensorVectorEnv _env;
        private readonly TorchSharp.torch.Tensor[] _actions;
        private int _next;

        public TensorEnvWorkload(string id, int numEnvs)
        {
            _env = TensorEnvs.Make(id, numEnvs);
            _env.CheckActionValues = false;
            _env.ResetTensors(seed: 0);
            int actionCount = ((DotGym.Spaces.Discrete)_env.SingleActionSpace).N;
            var generator = new TorchSharp.torch.Generator(0);
            _actions = Enumerable.Range(0, 8).Select(_ => TorchSharp.torch.randint(actionCount, [numEnvs], generator: generator).DetachFromDisposeScope()).ToArray();
        }

        public override long Run(int iterations)
        {
            for (int t = 0; t < iterations; t++) _env.StepTensors(_actions[_next++ & 7]);
            return (long)iterations * _env.NumEnvs;
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            _env.Dispose();
            foreach (var a in _actions) a.Dispose();
        }
    }

    /// <summary>
    /// The baseline every batched or vector implementation should beat: separate (sealed, so directly called)
    /// CartPoleEnvs in a for loop.
    /// </summary>
    private sealed class PlainLoopWorkload : ThroughputWorkload
    {
        private const int ActionCount = 4096;
        private readonly CartPoleEnv[] _envs = new CartPoleEnv[BatchSize];
        private readonly int[] _actions = BatchStepWorkload.RandomActions(ActionCount);
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
