using BenchmarkDotNet.Attributes;
using DotGym.Agents;
using DotGym.Agents.Policies;
using DotGym.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Benchmarks;

/// <summary>
/// The PPO actor-critic's forward pass on the CPU, as one rollout step uses it: sample actions (with their
/// log-probabilities) and compute V(s) for a batch of <see cref="Batch"/> CartPole observations, inside a dispose
/// scope and <c>no_grad</c>. The network is PPO's default (CleanRL): separate actor and critic MLPs 4 → 64 → 64 with
/// tanh, a Categorical head over 2 actions. Mean is the time per call (one whole batch), not per row.
/// LibTorch runs on <see cref="AgentConfig.TorchThreads"/> intra-op threads, as the agents do by default (1).
/// </summary>
[MemoryDiagnoser]
public class PolicyForwardBenchmarks
{
    private const int CartPoleObsDim = 4;

    private Policy _policy = null!;
    private Generator _sampleGenerator = null!;
    private Tensor _observations = null!;

    /// <summary>Rows per forward pass: one env, a typical vector of envs, a large batch.</summary>
    [Params(1, 64, 4096)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var config = new PpoConfig();
        torch.set_num_threads(config.TorchThreads);
        using var initGenerator = new Generator(1, CPU);
        var format = new ObservationFormat(ObservationKind.Float, [CartPoleObsDim]);
        var layout = ActionLayout.From(new Discrete(2));
        var network = MlpPolicy.Factory(new PolicyContext(format, layout, WithCritic: true, config, initGenerator, CPU));
        _policy = new Policy(network, format, layout, new Box<float>(-1f, 1f, [CartPoleObsDim]), new Discrete(2), normalizer: null, clipActions: true, CPU);
        _sampleGenerator = new Generator(2, CPU);
        // CartPole-like observations: small values around 0 (their scale does not change the cost).
        _observations = randn([Batch, CartPoleObsDim], generator: _sampleGenerator) * 0.05;
    }

    [Benchmark]
    public long SampleAndValue()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (actions, logProb) = _policy.Sample(_observations, mask: null, _sampleGenerator);
        var values = _policy.Value(_observations);
        return actions.shape[0] + logProb.shape[0] + values.shape[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _observations.Dispose();
        _sampleGenerator.Dispose();
        _policy.Dispose();
    }
}
