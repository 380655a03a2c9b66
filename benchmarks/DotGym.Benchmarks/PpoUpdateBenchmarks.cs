using BenchmarkDotNet.Attributes;
using DotGym.Agents;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs;
using DotGym.Registration;
using DotGym.Wrappers;
using static TorchSharp.torch;

namespace DotGym.Benchmarks;

/// <summary>
/// PPO's learning cost on CartPole with CleanRL's defaults (4 epochs × 4 minibatches, 64-64 tanh MLPs, Adam) over a
/// rollout of <see cref="NumEnvs"/> envs × <see cref="NSteps"/> steps, on the CPU with the agents' default LibTorch
/// thread count (1). Op/s is the throughput in the unit named by each method:
/// <list type="bullet">
/// <item><see cref="Update"/>: one update alone (GAE, then every epoch's minibatch gradient steps) over a rollout
/// collected once in the setup, through the internal hook <c>Ppo.UpdateFromRollout</c>. Unit: a sample processed
/// (one transition in one epoch), <see cref="SamplesPerUpdate"/> per update. The envs are
/// <see cref="EndlessCartPole"/> so the rollout has no autoreset step and every update processes exactly that many.</item>
/// <item><see cref="CollectAndUpdate"/>: one training iteration through the public API (<c>Agent.Learn</c> with a
/// budget of one more step): collect the rollout from registered CartPole-v1 envs, then update. Unit: an env step
/// collected (<see cref="RolloutSteps"/> per iteration), each also trained on for 4 epochs.</item>
/// </list>
/// The learning rate is not annealed, so every update does the same work.
/// </summary>
[MemoryDiagnoser]
[OperationsPerSecond]
public class PpoUpdateBenchmarks
{
    public const int NumEnvs = 8, NSteps = 128, UpdateEpochs = 4, NumMinibatches = 4;
    public const int RolloutSteps = NumEnvs * NSteps;
    public const int SamplesPerUpdate = UpdateEpochs * RolloutSteps;

    private static readonly PpoConfig Config = new()
    {
        Seed = 1, NumEnvs = NumEnvs, NSteps = NSteps, UpdateEpochs = UpdateEpochs, NumMinibatches = NumMinibatches,
        AnnealLr = false, Device = "cpu",
    };

    private Ppo _updateOnly = null!;
    private Agent _training = null!;

    [GlobalSetup]
    public void Setup()
    {
        BuiltinEnvs.Register();
        _training = Agent.Create(Config, () => Gym.Make("CartPole-v1"));

        _updateOnly = new Ppo(() => new TimeLimit<float[], int>(new EndlessCartPole(), 500), Config);
        _updateOnly.Learn(1); // one iteration: fills the rollout buffers (and updates once)
        using var scope = NewDisposeScope();
        var metrics = _updateOnly.UpdateFromRollout()
            ?? throw new InvalidOperationException("The setup rollout holds no transition.");
        if (metrics["batch_size"] != RolloutSteps || metrics["epochs"] != UpdateEpochs)
            throw new InvalidOperationException(
                $"PPO updated {metrics["batch_size"]} samples x {metrics["epochs"]} epochs, but OperationsPerInvoke assumes {RolloutSteps} x {UpdateEpochs}: fix the benchmark's constants.");
    }

    [Benchmark(OperationsPerInvoke = SamplesPerUpdate)]
    public double Update()
    {
        using var scope = NewDisposeScope();
        return _updateOnly.UpdateFromRollout()!["policy_loss"];
    }

    [Benchmark(OperationsPerInvoke = RolloutSteps)]
    public long CollectAndUpdate() => _training.Learn(_training.GlobalStep + 1).GlobalStep;

    [GlobalCleanup]
    public void Cleanup()
    {
        _updateOnly.Dispose();
        _training.Dispose();
    }
}
