using System.Diagnostics;
using System.Globalization;
using DotGym.Agents;
using DotGym.Agents.Tensors;
using DotGym.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

// DotGym.TensorBench env DEVICE N1,N2,... [STEPS]          env-only steps/s of the tensor CartPole (float32, same-step autoreset)
// DotGym.TensorBench ppo DEVICE NUM_ENVS N_STEPS MINIBATCHES EPOCHS LR SUMMARY_EVERY SEED [BUDGET]
//                                                           PPO on tensor CartPole until mean return >= 475 (or BUDGET env steps)
// One line of key=value pairs per measurement, for benchmarks/tensor-gpu.sh to collect.
var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
var inv = CultureInfo.InvariantCulture;
DotGym.Envs.BuiltinEnvs.Register();
if (args.Length < 2) return Usage();
torch.set_num_threads(1);
var device = TorchRuntime.ResolveDevice(args[1]);
Console.WriteLine($"device={device} libtorch={TorchRuntime.LibTorchVersion} cuda={torch.cuda.is_available()}");
switch (args[0])
{
    case "env":
        int steps = args.Length > 3 ? int.Parse(args[3], inv) : 1000;
        foreach (var n in args[2].Split(',').Select(s => int.Parse(s, inv))) EnvThroughput(n, steps);
        return 0;
    case "ppo" when args.Length >= 10:
        Ppo(int.Parse(args[2], inv), int.Parse(args[3], inv), int.Parse(args[4], inv), int.Parse(args[5], inv), double.Parse(args[6], inv),
            int.Parse(args[7], inv), long.Parse(args[8], inv), args.Length > 9 ? long.Parse(args[9], inv) : 100_000_000);
        return 0;
    default:
        return Usage();
}

void EnvThroughput(int numEnvs, int stepCount)
{
    using var env = new TensorCartPole(numEnvs, device) { CheckActionValues = false };
    env.ResetTensors(seed: 0);
    var generator = new Generator(0, device);
    var actions = Enumerable.Range(0, 8).Select(_ => randint(2, [numEnvs], device: device, generator: generator).DetachFromDisposeScope()).ToArray();
    for (int t = 0; t < 50; t++) env.StepTensors(actions[t & 7]); // warm-up: kernels, allocator
    Sync(env.Observations);
    var clock = Stopwatch.StartNew();
    for (int t = 0; t < stepCount; t++) env.StepTensors(actions[t & 7]);
    Sync(env.Observations);
    double seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(inv, $"measure=env envs={numEnvs} steps={stepCount} seconds={seconds:F3} env_steps_per_second={(double)numEnvs * stepCount / seconds:F0} us_per_step={seconds / stepCount * 1e6:F1}"));
}

void Ppo(int numEnvs, int nSteps, int minibatches, int epochs, double lr, int summaryEvery, long seed, long budget)
{
    var config = new PpoConfig
    {
        Seed = seed, Device = device.ToString(), NumEnvs = numEnvs, NSteps = nSteps, NumMinibatches = minibatches, UpdateEpochs = epochs,
        LearningRate = lr, AnnealLr = false, EntCoef = 0.0, Gamma = 0.99, GaeLambda = 0.95, SummaryEvery = summaryEvery, TorchThreads = 1,
    };
    using var agent = new Ppo(TensorEnvs.Make("CartPole-v1", numEnvs, device), config);
    double startupSeconds = (DateTime.UtcNow - processStart).TotalSeconds;
    double? solvedSinceProcessStart = null;
    var result = agent.Learn(budget, new TrainingCallbacks
    {
        RewardThreshold = 475,
        UpdateFinished = u =>
        {
            if (agent.StepsToThreshold is not null && solvedSinceProcessStart is null) solvedSinceProcessStart = (DateTime.UtcNow - processStart).TotalSeconds;
            Console.WriteLine(string.Create(inv, $"update={u.Update} step={u.GlobalStep} sps={u.Metrics["sps"]:F0} mean_return={agent.MeanRecentReturn() ?? double.NaN:F1}"));
        },
    });
    Console.WriteLine(string.Create(inv,
        $"measure=ppo envs={numEnvs} n_steps={nSteps} minibatches={minibatches} epochs={epochs} lr={lr} summary_every={summaryEvery} seed={seed} " +
        $"solved={result.ReachedThreshold} steps={result.GlobalStep} train_seconds={result.WallSeconds:F2} env_steps_per_second={result.GlobalStep / result.WallSeconds:F0} " +
        $"startup_seconds={startupSeconds:F2} train_seconds_to_solved={result.SecondsToThreshold ?? double.NaN:F2} process_start_to_solved={solvedSinceProcessStart ?? double.NaN:F2}"));
}

static void Sync(Tensor t) => t.sum().item<float>(); // a host read waits for the device queue

static int Usage()
{
    Console.Error.WriteLine("usage: DotGym.TensorBench env DEVICE N1,N2,... [STEPS] | ppo DEVICE NUM_ENVS N_STEPS MINIBATCHES EPOCHS LR SUMMARY_EVERY SEED [BUDGET]");
    return 2;
}
