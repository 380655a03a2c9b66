using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.GameLoop;

/// <summary>
/// Turns a <see cref="GameAgent{TObs,TAct}"/> and its program's frame function into a DotGym env, so the game code
/// that ships is the game code that trains. <c>Reset(seed)</c> begins an episode (<c>OnEpisodeBegin</c>, with the
/// agent's <see cref="GameAgent{TObs,TAct}.Random"/> set to this env's seeded <see cref="Env{TObs,TAct}.NpRandom"/>)
/// and returns the first observation; <c>Step(action)</c> is one decision: it plays frames (the agent acts, then
/// <c>advanceFrame</c> updates the world) until the next decision frame or the end of the episode, and returns the
/// observation there, the rewards of those frames summed, and <c>terminated</c> (<c>EndEpisode</c>) or
/// <c>truncated</c> (<c>EpisodeInterrupted</c> or <c>MaxStep</c>).
/// <para>
/// Batched training runs several copies of the program, one per sub-env, e.g.
/// <c>new SyncVectorEnv&lt;TObs, TAct&gt;(16, _ => new GameEnv&lt;TObs, TAct&gt;(...))</c>.
/// </para>
/// </summary>
public sealed class GameEnv<TObs, TAct> : Env<TObs, TAct>
{
    private readonly Action? _advanceFrame;

    /// <summary>
    /// Wraps <paramref name="agent"/>; <paramref name="advanceFrame"/> updates the program's world by one frame after
    /// the agent acted (leave it null when <c>OnActionReceived</c> updates the world itself).
    /// </summary>
    public GameEnv(GameAgent<TObs, TAct> agent, Action? advanceFrame = null)
    {
        Agent = agent ?? throw new ArgumentNullException(nameof(agent), "Pass the game's agent (a GameAgent subclass).");
        _advanceFrame = advanceFrame;
    }

    /// <summary>The wrapped agent.</summary>
    public GameAgent<TObs, TAct> Agent { get; }

    public override Space<TObs> ObservationSpace => Agent.ObservationSpace;
    public override Space<TAct> ActionSpace => Agent.ActionSpace;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        Agent.Random = NpRandom;
        Agent.BeginEpisode();
        return new ResetResult<TObs>(Agent.Observe(), Infos.Empty);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        if (!Agent.InEpisode)
            throw new ResetNeededException("Call Reset() before Step(): the game's first episode has not begun.");
        if (Agent.IsEpisodeOver)
            throw new ResetNeededException($"The game's episode is over ({(Agent.Terminated ? "terminated" : "truncated")}); call Reset() before stepping again.");
        if (!ActionSpace.Contains(action)) ActionSpace.EnsureContains(action);
        Agent.Decide(action);
        do
        {
            Agent.PlayFrame();
            _advanceFrame?.Invoke();
        }
        while (!Agent.IsEpisodeOver && !Agent.IsDecisionFrame);
        return new StepResult<TObs>(Agent.Observe(), Agent.RewardSinceDecision, Agent.Terminated, Agent.Truncated, Infos.Empty);
    }

    public override string ToString() => $"GameEnv<{TypeNames.Of(Agent.GetType())}>";
}
