using DotGym.Random;
using DotGym.Spaces;

namespace DotGym.GameLoop;

/// <summary>
/// An agent inside a program that owns its main loop (a game, a simulation), in the spirit of Unity ML-Agents'
/// <c>Agent</c>: override <see cref="CollectObservations"/>, <see cref="OnActionReceived"/> and, optionally,
/// <see cref="OnEpisodeBegin"/> and <see cref="Heuristic"/>; the game logic calls <see cref="AddReward"/>,
/// <see cref="SetReward"/>, <see cref="EndEpisode"/> and <see cref="EpisodeInterrupted"/>.
/// <para>
/// One frame is: the agent acts (<see cref="Tick"/>), then the program updates its world. The agent decides every
/// <see cref="DecisionPeriod"/> frames (frames 0, N, 2N, ... of each episode) and, with
/// <see cref="TakeActionsBetweenDecisions"/>, repeats the last action on the frames in between. An episode lasts at
/// most <see cref="MaxStep"/> frames, then it is cut short (truncated).
/// </para>
/// <para>
/// The same agent ships and trains: the shipped program calls <see cref="Tick"/> once per frame and decides with
/// <see cref="Policy"/> (a trained policy) or, without one, with <see cref="Heuristic"/>; for training,
/// <see cref="GameEnv{TObs,TAct}"/> turns the agent and the program's frame function into a DotGym env whose
/// <c>Step</c> runs the frames from one decision to the next.
/// </para>
/// </summary>
/// <typeparam name="TObs">The observation type (e.g. <c>float[]</c> for a <see cref="Box{T}"/>).</typeparam>
/// <typeparam name="TAct">The action type (e.g. <c>int</c> for a <see cref="Discrete"/>).</typeparam>
public abstract class GameAgent<TObs, TAct>
{
    private readonly int _decisionPeriod = 1;
    private readonly int _maxStep;
    private NpGenerator? _random;
    private TAct _action = default!;
    private EpisodeEnd _end;
    private bool _inEpisode;
    private int _completedEpisodes;

    /// <summary>Creates an agent that observes <paramref name="observationSpace"/> and acts in <paramref name="actionSpace"/>.</summary>
    protected GameAgent(Space<TObs> observationSpace, Space<TAct> actionSpace)
    {
        ObservationSpace = observationSpace ?? throw new ArgumentNullException(nameof(observationSpace), "Pass the space the observations of CollectObservations() lie in.");
        ActionSpace = actionSpace ?? throw new ArgumentNullException(nameof(actionSpace), "Pass the space the actions of OnActionReceived() lie in.");
    }

    /// <summary>The space <see cref="CollectObservations"/> returns values of.</summary>
    public Space<TObs> ObservationSpace { get; }

    /// <summary>The space <see cref="OnActionReceived"/> receives values of.</summary>
    public Space<TAct> ActionSpace { get; }

    /// <summary>
    /// Frames per episode before it is cut short (truncated, ML-Agents' <c>MaxStep</c>); 0 (the default) means no
    /// limit. It counts frames, not decisions: with <see cref="DecisionPeriod"/> 4 and <c>MaxStep</c> 1000 an episode
    /// has at most 250 decisions.
    /// </summary>
    public int MaxStep
    {
        get => _maxStep;
        init => _maxStep = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxStep), value, "MaxStep is a number of frames: 0 (no limit) or more.");
    }

    /// <summary>
    /// Frames from one decision to the next (ML-Agents' <c>DecisionRequester.DecisionPeriod</c>); 1 (the default)
    /// decides every frame. The trainer sees one env step per decision.
    /// </summary>
    public int DecisionPeriod
    {
        get => _decisionPeriod;
        init => _decisionPeriod = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(DecisionPeriod), value, "DecisionPeriod must be at least 1 frame (1 decides every frame).");
    }

    /// <summary>
    /// Whether the frames between decisions repeat the last action through <see cref="OnActionReceived"/> (the
    /// default, ML-Agents' <c>TakeActionsBetweenDecisions</c>); when false, only decision frames act.
    /// </summary>
    public bool TakeActionsBetweenDecisions { get; init; } = true;

    /// <summary>
    /// The trained policy the shipped program decides with (e.g. an exported policy's <c>Act</c>); when null,
    /// <see cref="Tick"/> decides with <see cref="Heuristic"/>. Training ignores it: the trainer decides.
    /// </summary>
    public Func<TObs, TAct>? Policy { get; set; }

    /// <summary>
    /// The generator the agent's randomness must come from (random starts in <see cref="OnEpisodeBegin"/>), so
    /// seeded episodes repeat. During training it is the env's <c>NpRandom</c>, reseeded by <c>Reset(seed)</c>;
    /// otherwise it is created from OS entropy on first use unless set (<c>Random = Seeding.NpRandom(seed).Generator</c>).
    /// </summary>
    public NpGenerator Random
    {
        get => _random ??= Seeding.NpRandom(null).Generator;
        set => _random = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Frames started in the current episode (the frame being played counts from its <see cref="Tick"/>).</summary>
    public int StepCount { get; private set; }

    /// <summary>Episodes that ended (by <see cref="EndEpisode"/>, <see cref="EpisodeInterrupted"/> or <see cref="MaxStep"/>) since the agent was made.</summary>
    public int CompletedEpisodes => _completedEpisodes + (_inEpisode && IsEpisodeOver ? 1 : 0);

    /// <summary>The sum of the rewards of the current episode (the shipped program's score).</summary>
    public double CumulativeReward { get; private set; }

    /// <summary>The sum of the rewards since the last decision: what the trainer receives for that decision.</summary>
    public double RewardSinceDecision { get; private set; }

    /// <summary>The action being played (the last decision's).</summary>
    public TAct LastAction => _action;

    /// <summary>Whether the next <see cref="Tick"/> starts with a decision (frame 0, N, 2N, ... of the episode).</summary>
    public bool IsDecisionFrame => StepCount % _decisionPeriod == 0;

    /// <summary>Whether the current episode is over: ended by the game logic or by <see cref="MaxStep"/>.</summary>
    public bool IsEpisodeOver => _end != EpisodeEnd.None || (_maxStep > 0 && StepCount >= _maxStep);

    /// <summary>The episode reached a terminal state (<see cref="EndEpisode"/>).</summary>
    public bool Terminated => _end == EpisodeEnd.Terminated;

    /// <summary>The episode was cut short from outside (<see cref="EpisodeInterrupted"/> or <see cref="MaxStep"/>), not by a terminal state.</summary>
    public bool Truncated => !Terminated && IsEpisodeOver;

    // ---- what a game overrides -------------------------------------------------------------------------------------

    /// <summary>Sets the world up for a new episode (positions, random starts from <see cref="Random"/>).</summary>
    protected virtual void OnEpisodeBegin() { }

    /// <summary>
    /// What the agent sees now, in <see cref="ObservationSpace"/>. It may return a buffer the agent reuses (valid until
    /// the next call), as envs do.
    /// </summary>
    protected abstract TObs CollectObservations();

    /// <summary>Applies <paramref name="action"/> to the world for this frame (e.g. sets the thrust).</summary>
    protected abstract void OnActionReceived(TAct action);

    /// <summary>
    /// The action to play without a trained policy (keyboard control, a scripted opponent, a test's controller):
    /// <see cref="Tick"/> calls it on decision frames when <see cref="Policy"/> is null.
    /// </summary>
    protected virtual TAct Heuristic(TObs observation) =>
        throw new InvalidOperationException(
            $"{TypeNames.Of(GetType())} has no Policy and does not override Heuristic: set agent.Policy to a trained policy, or override Heuristic(observation) to control it by hand.");

    // ---- what the game logic calls ---------------------------------------------------------------------------------

    /// <summary>Adds <paramref name="reward"/> to the reward of the current decision (and the episode's).</summary>
    public void AddReward(double reward)
    {
        CheckReward(reward, nameof(AddReward));
        RewardSinceDecision += reward;
        CumulativeReward += reward;
    }

    /// <summary>Replaces the reward of the current decision with <paramref name="reward"/> (ML-Agents' <c>SetReward</c>).</summary>
    public void SetReward(double reward)
    {
        CheckReward(reward, nameof(SetReward));
        CumulativeReward += reward - RewardSinceDecision;
        RewardSinceDecision = reward;
    }

    /// <summary>
    /// Ends the episode in a terminal state (a win, a crash): the trainer bootstraps with 0. Takes effect at the end
    /// of the frame; the next <see cref="Tick"/> (or the env's <c>Reset</c>) begins a new episode.
    /// </summary>
    public void EndEpisode()
    {
        CheckInEpisode(nameof(EndEpisode));
        _end = EpisodeEnd.Terminated;
    }

    /// <summary>
    /// Cuts the episode short without a terminal state (a time limit of the game's own, a level skipped): the trainer
    /// bootstraps with the value of the last observation. A terminal <see cref="EndEpisode"/> in the same frame wins.
    /// </summary>
    public void EpisodeInterrupted()
    {
        CheckInEpisode(nameof(EpisodeInterrupted));
        if (_end == EpisodeEnd.None) _end = EpisodeEnd.Truncated;
    }

    // ---- the frame -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Plays the agent's part of one frame in the shipped program; call it once per frame, before the world update.
    /// Begins an episode when none is running (or the last one is over); on decision frames observes and decides with
    /// <see cref="Policy"/> (or <see cref="Heuristic"/>); then acts (see <see cref="TakeActionsBetweenDecisions"/>).
    /// </summary>
    public void Tick()
    {
        if (!_inEpisode || IsEpisodeOver) BeginEpisode();
        if (IsDecisionFrame)
        {
            var observation = CollectObservations();
            var action = Policy is { } policy ? policy(observation) : Heuristic(observation);
            if (!ActionSpace.Contains(action))
                ActionSpace.EnsureContains(action, Policy is null ? "heuristic's action" : "policy's action");
            Decide(action);
        }
        PlayFrame();
    }

    internal void BeginEpisode()
    {
        if (_inEpisode && IsEpisodeOver) _completedEpisodes++;
        _inEpisode = true;
        _end = EpisodeEnd.None;
        StepCount = 0;
        OnEpisodeBegin();
        // Rewards given while the world was set up belong to no decision.
        RewardSinceDecision = 0;
        CumulativeReward = 0;
    }

    internal TObs Observe() => CollectObservations();

    /// <summary>Starts a decision: the rewards from here on belong to <paramref name="action"/>.</summary>
    internal void Decide(TAct action)
    {
        _action = action;
        RewardSinceDecision = 0;
    }

    /// <summary>The agent's part of one frame: act (on a decision frame, or repeating between decisions) and count the frame.</summary>
    internal void PlayFrame()
    {
        if (IsDecisionFrame || TakeActionsBetweenDecisions) OnActionReceived(_action);
        StepCount++;
    }

    /// <summary>Whether an episode has begun (by <see cref="Tick"/> or the env's <c>Reset</c>).</summary>
    internal bool InEpisode => _inEpisode;

    private void CheckInEpisode(string method)
    {
        if (!_inEpisode)
            throw new InvalidOperationException($"{method}() was called before the first episode began; call Tick() (or the env's Reset()) first.");
    }

    private static void CheckReward(double reward, string method)
    {
        if (!double.IsFinite(reward))
            throw new ArgumentOutOfRangeException(nameof(reward), reward, $"{method} needs a finite reward, got {reward}; check the game logic that computes it for a division by zero or an overflow.");
    }

    private enum EpisodeEnd
    {
        None,
        Terminated,
        Truncated,
    }
}
