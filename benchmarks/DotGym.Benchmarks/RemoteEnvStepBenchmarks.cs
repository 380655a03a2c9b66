using BenchmarkDotNet.Attributes;
using DotGym.Benchmarks.Infrastructure;
using DotGym.Envs.ClassicControl;
using DotGym.Remote.Client;
using DotGym.Remote.Server;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Benchmarks;

/// <summary>
/// Remote-env overhead: <see cref="NumEnvs"/> CartPole-v1 envs (raw <see cref="CartPoleEnv"/> under its 500-step
/// <see cref="TimeLimit{TObs,TAct}"/>, NextStep autoreset) in a <see cref="SyncVectorEnv{TObs,TAct}"/>, stepped
/// locally or through an <see cref="EnvServer"/> in this process over loopback gRPC (one request per vector step),
/// with recorded random actions. Every invocation does <see cref="EnvStepsPerInvoke"/> env steps, so Mean reads as
/// time per env step; env-steps/s = 1 / Mean. Client and server share the machine's cores, as they would on one box.
/// </summary>
[MemoryDiagnoser]
public class RemoteEnvStepBenchmarks
{
    /// <summary>Env steps per invocation (= NumEnvs × vector steps); a multiple of every <see cref="NumEnvs"/> value.</summary>
    public const int EnvStepsPerInvoke = 4096;

    /// <summary>Where the envs run.</summary>
    public enum Transport
    {
        Local,
        Loopback,
    }

    private EnvServer? _server;
    private IVectorEnv<float[], int> _vec = null!;
    private ActionTape<int> _actions = null!;

    [Params(1, 16, 256)]
    public int NumEnvs { get; set; }

    [Params(Transport.Local, Transport.Loopback)]
    public Transport Where { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        static SyncVectorEnv<float[], int> CartPoles(int n) => new(n, _ => new TimeLimit<float[], int>(new CartPoleEnv(), maxEpisodeSteps: 500));
        if (Where == Transport.Local) _vec = CartPoles(NumEnvs);
        else
        {
            _server = EnvServer.Start(n => CartPoles(n), new EnvServerOptions { NumEnvs = NumEnvs, EnvId = "CartPole-v1" });
            _vec = RemoteVectorEnv.Connect<float[], int>([_server.Address.ToString()]);
        }
        _vec.Reset(0);
        _actions = new ActionTape<int>(_vec.SingleActionSpace, length: 2 * EnvStepsPerInvoke);
    }

    [Benchmark(OperationsPerInvoke = EnvStepsPerInvoke)]
    public double CartPole()
    {
        double reward = 0;
        for (int step = EnvStepsPerInvoke / NumEnvs; step > 0; step--)
            reward += _vec.Step(_actions.NextBatch(NumEnvs)).Rewards[0];
        return reward;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vec.Dispose();
        _server?.Dispose();
    }
}
