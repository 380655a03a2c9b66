namespace DotGym.Agents.Environments;

/// <summary>
/// N env copies stepped in plain C# arrays with Gymnasium 1.x's next-step autoreset (<c>AutoresetMode.NEXT_STEP</c>):
/// the step that ends an episode returns the episode's final observation; the NEXT <see cref="Step"/> call for that env
/// ignores its action, resets the env and returns the first observation of the new episode with reward 0. That reset
/// step is not a transition: <see cref="WasReset"/> marks it so the learners drop it. The final observation therefore
/// reaches the agent as an ordinary observation, which gives V(final observation) for bootstrapping truncated
/// episodes without an extra forward pass. Shaped like a vector env so a Core vector env can replace it.
/// </summary>
internal sealed class EnvPool : IDisposable
{
    private readonly AgentEnv[] _envs;
    private readonly bool[] _needsReset;

    public EnvPool(IReadOnlyList<AgentEnv> envs, int maskWidth)
    {
        if (envs.Count == 0) throw new ArgumentException("The agents need at least one env.", nameof(envs));
        _envs = envs.ToArray();
        Count = _envs.Length;
        ObsDim = _envs[0].ObsDim;
        for (int i = 1; i < Count; i++)
            if (_envs[i].ObsDim != ObsDim)
                throw new ArgumentException($"Env {i} flattens observations to {_envs[i].ObsDim} values but env 0 to {ObsDim}; all env copies must share one observation space.");
        MaskWidth = maskWidth;
        Observations = new float[Count * ObsDim];
        Masks = new byte[Count * maskWidth];
        Array.Fill(Masks, (byte)1);
        Rewards = new double[Count];
        Terminated = new bool[Count];
        Truncated = new bool[Count];
        WasReset = new bool[Count];
        EpisodeReturns = new double[Count];
        EpisodeLengths = new int[Count];
        _needsReset = new bool[Count];
    }

    public int Count { get; }
    public int ObsDim { get; }

    /// <summary>Entries per env in <see cref="Masks"/> (0 when the envs give no action masks).</summary>
    public int MaskWidth { get; private set; }

    public IReadOnlyList<AgentEnv> Envs => _envs;

    /// <summary>The observation each env is in now, env-major: env i at [i * ObsDim, (i + 1) * ObsDim).</summary>
    public float[] Observations { get; }

    /// <summary>The legal actions in each env's current state (1 = legal), env-major.</summary>
    public byte[] Masks { get; }

    // Results of the last Step, per env.
    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    /// <summary>The last step was an autoreset, not a transition (its action was ignored, reward 0).</summary>
    public bool[] WasReset { get; }

    /// <summary>Undiscounted return and length of each env's running episode (raw env rewards).</summary>
    public double[] EpisodeReturns { get; }
    public int[] EpisodeLengths { get; }

    /// <summary>Episodes that ended during the last <see cref="Step"/> / <see cref="StepOne"/> calls; the caller clears it.</summary>
    public List<(int Env, double Return, int Length)> FinishedEpisodes { get; } = [];

    /// <summary>Resets env i with seed <c>seed + i</c> (Gymnasium's vector-env seeding). Returns whether masks were found.</summary>
    public bool ResetAll(long? seed)
    {
        bool masksFound = true;
        for (int i = 0; i < Count; i++)
        {
            masksFound &= _envs[i].Reset(seed + i, Observations.AsSpan(i * ObsDim, ObsDim), MaskOf(i));
            _needsReset[i] = false;
            EpisodeReturns[i] = 0;
            EpisodeLengths[i] = 0;
        }
        return masksFound;
    }

    /// <summary>Stops reading masks (the envs turned out not to provide them).</summary>
    public void DisableMasks() => MaskWidth = 0;

    /// <summary>Steps every env with its action: <paramref name="actions"/> holds <paramref name="actionWidth"/> floats per env.</summary>
    public void Step(ReadOnlySpan<float> actions, int actionWidth)
    {
        for (int i = 0; i < Count; i++) StepOne(i, actions.Slice(i * actionWidth, actionWidth));
    }

    /// <summary>Steps (or autoresets) env <paramref name="i"/> alone.</summary>
    public void StepOne(int i, ReadOnlySpan<float> action)
    {
        var obs = Observations.AsSpan(i * ObsDim, ObsDim);
        if (_needsReset[i])
        {
            bool found = _envs[i].Reset(null, obs, MaskOf(i));
            if (MaskWidth > 0 && !found) throw MissingMask(i);
            _needsReset[i] = false;
            WasReset[i] = true;
            Rewards[i] = 0;
            Terminated[i] = Truncated[i] = false;
            return;
        }
        var outcome = _envs[i].Step(action, obs, MaskOf(i), out bool maskFound);
        if (MaskWidth > 0 && !maskFound) throw MissingMask(i);
        WasReset[i] = false;
        Rewards[i] = outcome.Reward;
        Terminated[i] = outcome.Terminated;
        Truncated[i] = outcome.Truncated;
        EpisodeReturns[i] += outcome.Reward;
        EpisodeLengths[i]++;
        if (outcome.Done)
        {
            FinishedEpisodes.Add((i, EpisodeReturns[i], EpisodeLengths[i]));
            EpisodeReturns[i] = 0;
            EpisodeLengths[i] = 0;
            _needsReset[i] = true;
        }
    }

    /// <summary>Whether env i's next step is an autoreset.</summary>
    public bool NeedsReset(int i) => _needsReset[i];

    private Span<byte> MaskOf(int i) => Masks.AsSpan(i * MaskWidth, MaskWidth);

    private static InvalidOperationException MissingMask(int i) =>
        new($"Env {i} gave an action mask earlier but none now; an env that masks actions must provide info[\"action_mask\"] (or implement IActionMaskProvider) on every Reset and Step.");

    /// <summary>The pool's bookkeeping (not the envs' internal state) for checkpoints.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(ObsDim);
        writer.Write(MaskWidth);
        foreach (var v in Observations) writer.Write(v);
        writer.Write(Masks);
        for (int i = 0; i < Count; i++)
        {
            writer.Write(_needsReset[i]);
            writer.Write(EpisodeReturns[i]);
            writer.Write(EpisodeLengths[i]);
        }
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote; the envs themselves must be restored by the caller.</summary>
    public void ReadState(BinaryReader reader)
    {
        int count = reader.ReadInt32(), obsDim = reader.ReadInt32(), maskWidth = reader.ReadInt32();
        if (count != Count || obsDim != ObsDim || maskWidth != MaskWidth)
            throw new InvalidDataException($"The checkpoint's env pool has {count} envs x {obsDim} observation values (mask {maskWidth}) but this agent has {Count} x {ObsDim} (mask {MaskWidth}); use the same num_envs and env.");
        for (int k = 0; k < Observations.Length; k++) Observations[k] = reader.ReadSingle();
        reader.ReadExactly(Masks);
        for (int i = 0; i < Count; i++)
        {
            _needsReset[i] = reader.ReadBoolean();
            EpisodeReturns[i] = reader.ReadDouble();
            EpisodeLengths[i] = reader.ReadInt32();
        }
    }

    public void Dispose()
    {
        foreach (var env in _envs) env.Dispose();
    }
}
