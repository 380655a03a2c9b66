using DotGym.Registration;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DotGym.Cluster.Runners;

/// <summary>
/// The env runner (<see cref="IEnvRunnerGrain"/>): its vector env lives in this activation's memory only, so a runner
/// reactivated on another silo starts without one and answers <see cref="RunnerNotOpenException"/> until reopened.
/// Env failures come back as <see cref="EnvRunnerException"/> naming the runner, its silo and the env's error.
/// </summary>
[SpreadPlacement]
[CollectionAgeLimit(Minutes = 30)] // a learner pausing for a long update must not lose its envs; a vanished one frees them
internal sealed class EnvRunnerGrain(ILocalSiloDetails silo, IOptions<SiloMessagingOptions> messaging) : Grain, IEnvRunnerGrain
{
    private RunnerEnv? _env;
    private RunnerOptions? _options;

    private string Name => $"Env runner {this.GetPrimaryKeyLong(out _)} on silo {silo.SiloAddress}";

    public Task<RunnerOpened> Open(RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _env?.Dispose();
        _env = null;
        try
        {
            _env = RunnerEnv.Create(Gym.MakeVec(options.EnvId, options.NumEnvs, options.Mode, options.AutoresetMode, maxEpisodeSteps: options.MaxEpisodeSteps));
        }
        catch (Exception e)
        {
            throw new EnvRunnerException(
                $"{Name} could not make {options.NumEnvs} x '{options.EnvId}' ({options.Mode}): {e.GetType().Name}: {e.Message} " +
                "Every silo process must register the env id (the dotgym CLI registers the built-in envs).");
        }
        _options = options;
        var env = _env.Env;
        int limit = messaging.Value.MaxMessageBodySize;
        long replyBytes = _env.StepReplyBytes;
        if (replyBytes > limit)
        {
            _env.Dispose();
            _env = null;
            throw new EnvRunnerException(BufferTransfer.TooLarge(Name, replyBytes, options.NumEnvs, options.EnvId, limit));
        }
        return Task.FromResult(new RunnerOpened(silo.SiloAddress.ToString(), env.SingleObservationSpace.ToString()!, env.SingleActionSpace.ToString()!, env.AutoresetMode,
            env.SupportsStateSnapshot));
    }

    public Task<Immutable<RunnerReset>> Reset(long? seed, Immutable<bool[]?> mask)
    {
        var env = OpenEnv();
        try
        {
            return Task.FromResult(env.Reset(seed, mask.Value).AsImmutable());
        }
        catch (Exception e)
        {
            throw Failed("Reset", e);
        }
    }

    public Task<Immutable<RunnerStep>> Step(Immutable<Array> actions)
    {
        var env = OpenEnv();
        try
        {
            return Task.FromResult(env.Step(actions.Value).AsImmutable());
        }
        catch (Exception e)
        {
            throw Failed("Step", e);
        }
    }

    public Task<Immutable<byte[]>> SaveState()
    {
        var env = OpenEnv();
        if (!env.Env.SupportsStateSnapshot)
            throw new EnvRunnerException($"{Name}: {env.Env} cannot snapshot its state (SupportsStateSnapshot is false); check ClusterVectorEnv.SupportsStateSnapshot before saving.");
        byte[] state;
        try
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) env.Env.SaveState(writer);
            state = stream.ToArray();
        }
        catch (Exception e)
        {
            throw Failed("SaveState", e);
        }
        int limit = messaging.Value.MaxMessageBodySize;
        if (BufferTransfer.SnapshotBytes(state.Length) > limit)
            throw new EnvRunnerException(BufferTransfer.SnapshotTooLarge(Name, state.Length, _options!.NumEnvs, _options.EnvId, limit));
        return Task.FromResult(state.AsImmutable());
    }

    public Task LoadState(Immutable<byte[]> state)
    {
        var env = OpenEnv();
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state.Value ?? []), System.Text.Encoding.UTF8);
            env.Env.LoadState(reader);
        }
        catch (Exception e)
        {
            throw Failed("LoadState", e);
        }
        return Task.CompletedTask;
    }

    public Task Close()
    {
        _env?.Dispose();
        _env = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private RunnerEnv OpenEnv() => _env ?? throw new RunnerNotOpenException(
        $"{Name} has no env: it was reactivated since the learner opened it (its silo died or it idled past its collection age).");

    private EnvRunnerException Failed(string call, Exception e) => new(
        $"{Name}: {call} of {_options!.NumEnvs} x '{_options.EnvId}' threw {e.GetType().Name}: {e.Message}");

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _env?.Dispose();
        _env = null;
        return Task.CompletedTask;
    }
}
