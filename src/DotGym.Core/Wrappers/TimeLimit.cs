namespace DotGym.Wrappers;

/// <summary>Truncates episodes after <see cref="MaxEpisodeSteps"/> steps (Gymnasium's <c>TimeLimit</c>).</summary>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
{
    private int _elapsedSteps = -1; // -1: no episode started

    public TimeLimit(Env<TObs, TAct> env, int maxEpisodeSteps) : base(env)
    {
        if (maxEpisodeSteps <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "TimeLimit needs maxEpisodeSteps >= 1.");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public int MaxEpisodeSteps { get; }
    public int ElapsedSteps => Math.Max(_elapsedSteps, 0);

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _elapsedSteps = 0;
        return Env.Reset(seed, options);
    }

    protected override void SaveOwnState(BinaryWriter writer) => writer.Write(_elapsedSteps);

    protected override void LoadOwnState(BinaryReader reader) => _elapsedSteps = reader.ReadInt32();

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        _elapsedSteps++;
        return _elapsedSteps >= MaxEpisodeSteps && !result.Truncated ? result with { Truncated = true } : result;
    }
}
