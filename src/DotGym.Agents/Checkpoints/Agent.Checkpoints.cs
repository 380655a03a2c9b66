using DotGym.Agents.Checkpoints;
using DotGym.Agents.Policies;
using DotGym.Vector;

namespace DotGym.Agents;

// Checkpoints: save, load, rebuild an agent from a file, exact resume.
public abstract partial class Agent
{
    /// <summary>
    /// Writes a checkpoint atomically (see <see cref="CheckpointFile"/>): weights, optimizer, generators, normalisers,
    /// counters and, when the vector env supports snapshots, its whole state, so that <c>Load</c> continues the
    /// run bit for bit. <paramref name="includeEnvState"/> = false leaves the env state out.
    /// </summary>
    public void Save(string path, bool includeEnvState = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckpointFile.Write(path, this, includeEnvState && CanSnapshotEnvs);
    }

    /// <summary>Whether the vector env can snapshot its state (<see cref="IVectorEnv.SupportsStateSnapshot"/>).</summary>
    public bool CanSnapshotEnvs => Envs.SupportsStateSnapshot;

    /// <summary>
    /// Rebuilds the agent a checkpoint describes (algorithm and config from its header; <paramref name="adjustConfig"/>
    /// may change settings that do not affect the saved state, e.g. the device) on the vector env
    /// <paramref name="makeEnvs"/> builds for that config, and restores its state. When the file holds the env state
    /// the envs continue exactly where they were (bit-identical resume); otherwise they start fresh episodes. Fails with
    /// a clear message on a missing, corrupt, older- or newer-format or mismatching file.
    /// </summary>
    public static Agent Load(string path, Func<AgentConfig, IVectorEnv> makeEnvs, Func<AgentConfig, AgentConfig>? adjustConfig = null,
        PolicyNetworkFactory? policyNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnvs);
        var checkpoint = CheckpointFile.Read(path);
        var config = checkpoint.Config;
        if (adjustConfig is not null) config = adjustConfig(config);
        var agent = Create(config, makeEnvs(config), policyNetwork);
        try
        {
            agent.Restore(checkpoint);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="Load(string, Func{AgentConfig, IVectorEnv}, Func{AgentConfig, AgentConfig}?, PolicyNetworkFactory?)"/>, on <c>num_envs</c> synchronous copies from <paramref name="envFactory"/>.</summary>
    public static Agent Load(string path, Func<IEnv> envFactory, Func<AgentConfig, AgentConfig>? adjustConfig = null)
    {
        ArgumentNullException.ThrowIfNull(envFactory);
        return Load(path, config => MakeEnvs(envFactory, config), adjustConfig);
    }

    /// <summary>Loads a checkpoint's state into this agent (same algorithm, spaces and network shape).</summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Restore(CheckpointFile.Read(path));
    }

    /// <summary>Builds the agent for <paramref name="config"/>'s algorithm on <paramref name="envs"/> (which it then owns).</summary>
    public static Agent Create(AgentConfig config, IVectorEnv envs, PolicyNetworkFactory? policyNetwork = null) => config switch
    {
        PpoConfig ppo => new Ppo(envs, ppo, policyNetwork),
        A2CConfig a2c => new A2C(envs, a2c, policyNetwork),
        ReinforceConfig reinforce => new Reinforce(envs, reinforce, policyNetwork),
        _ => throw new ArgumentException($"Unknown config type {TypeNames.Of(config.GetType())}."),
    };

    /// <summary>
    /// Builds the agent on <c>num_envs</c> copies from <paramref name="envFactory"/>, stepped synchronously or on
    /// threads (<paramref name="mode"/>). For a registered env's native batch use
    /// <c>Create(config, Gym.MakeVec(id, num_envs, VectorizationMode.Native))</c>.
    /// </summary>
    public static Agent Create(AgentConfig config, Func<IEnv> envFactory, VectorizationMode mode = VectorizationMode.Sync, PolicyNetworkFactory? policyNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (mode == VectorizationMode.Native)
            throw new ArgumentException("VectorizationMode.Native needs a registered env id, not a factory: pass Gym.MakeVec(id, num_envs, VectorizationMode.Native).", nameof(mode));
        return Create(config, MakeEnvs(envFactory, config, mode), policyNetwork);
    }

    /// <summary>
    /// After <c>Load</c>/<c>LoadState</c>: true when the envs continue exactly where the checkpoint left them (training
    /// on equals an uninterrupted run), false when they had to start fresh episodes (see <see cref="InexactResumeReason"/>);
    /// null for an agent that was never loaded.
    /// </summary>
    public bool? ResumedExactly { get; private set; }

    /// <summary>
    /// Why the last load could not continue the envs exactly and how to fix it (null when it could, or nothing was
    /// loaded). The same text is raised as a <see cref="DotGymWarnings"/> warning by the load.
    /// </summary>
    public string? InexactResumeReason { get; private set; }

    private void Restore(Checkpoint checkpoint)
    {
        checkpoint.EnsureMatches(this);
        checkpoint.RestoreInto(this);
        bool exact = checkpoint.RestoreEnvs(this);
        ResumedExactly = exact;
        InexactResumeReason = null;
        if (!exact)
        {
            // No env snapshot: start fresh episodes, seeded from the run's seed and progress so resumes differ from the start.
            long seed = Config.Seed + GlobalStep;
            if (TensorEnv is null) Runner.Reset(seed);
            else TensorEnv.ResetTensors(seed);
            InexactResumeReason = InexactResume.Explain(checkpoint.Path, Envs, seed, GlobalStep);
            DotGymWarnings.Warn(InexactResume.Source, InexactResumeReason);
        }
        OnEnvsRestored(exact);
    }

    /// <summary>Called after a checkpoint was loaded: <paramref name="exact"/> when the envs continue where they were, else they were just reset.</summary>
    private protected virtual void OnEnvsRestored(bool exact) { }

    internal void RestoreCounters(long globalStep, long updates, long episodes, double seconds, long? stepsToThreshold, double? secondsToThreshold, IEnumerable<double> recentReturns)
    {
        GlobalStep = globalStep;
        Updates = updates;
        Episodes = episodes;
        TrainingSeconds = seconds;
        StepsToThreshold = stepsToThreshold;
        SecondsToThreshold = secondsToThreshold;
        _recentReturns.Clear();
        foreach (var r in recentReturns) _recentReturns.Enqueue(r);
    }
}
