using DotGym.Envs.Snapshots;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ToyText;

/// <summary>
/// A finite MDP stored as Gymnasium's transition table <c>P[s][a]</c> (FrozenLake, CliffWalking, Taxi). Reset and
/// every step draw exactly one <c>np_random.random()</c> through <see cref="CategoricalSampler"/>, even when the
/// outcome is certain, as Gymnasium does; so seeded runs match Gymnasium exactly. Reset and Step here are the plain
/// Gymnasium ones (move to the sampled outcome, info <c>"prob"</c>); renders are <c>ansi</c> text or an <c>rgb_array</c>
/// picture drawn by each env.
/// </summary>
public abstract class TabularEnv : Env<int, int>
{
    private readonly Transition[][] _transitions;   // [state * actionCount + action]
    private readonly double[][] _cumulative;         // cumsum of each row's probabilities
    private readonly object[][] _boxedProbabilities; // info["prob"] values, boxed once so steps do not allocate
    private readonly double[] _initialCumulative;
    private readonly Discrete _observationSpace;
    private readonly Discrete _actionSpace;
    private readonly string _name;

    private static readonly EnvMetadata Meta = new() { RenderModes = [RenderModes.Ansi, RenderModes.RgbArray], RenderFps = 4 };

    /// <summary>info["prob"] after a reset (Gymnasium returns the int 1 for some envs; DotGym always returns the double 1.0).</summary>
    private protected static readonly object ResetProbability = 1.0;

    /// <summary>The env's one info dictionary, refilled by every Reset/Step (valid until the next call).</summary>
    private protected readonly Dictionary<string, object> Info = new(2);

    /// <param name="name">The env's name in messages (e.g. "FrozenLake").</param>
    /// <param name="transitions">Gymnasium's <c>P</c>, one row per (state, action): <c>[state * actionCount + action]</c>.</param>
    /// <param name="stateCount">The number of states.</param>
    /// <param name="actionCount">The number of actions.</param>
    /// <param name="initialDistribution">The probability of starting in each state.</param>
    /// <param name="renderMode">"ansi", "rgb_array" or null.</param>
    private protected TabularEnv(string name, Transition[][] transitions, int stateCount, int actionCount, ReadOnlySpan<double> initialDistribution, string? renderMode)
    {
        _name = name;
        if (transitions.Length != stateCount * actionCount)
            throw new ArgumentException($"Expected {stateCount * actionCount} transition rows, got {transitions.Length}.", nameof(transitions));
        _transitions = transitions;
        _cumulative = new double[transitions.Length][];
        _boxedProbabilities = new object[transitions.Length][];
        for (int row = 0; row < transitions.Length; row++)
        {
            var outcomes = transitions[row];
            var probabilities = new double[outcomes.Length];
            _boxedProbabilities[row] = new object[outcomes.Length];
            for (int i = 0; i < outcomes.Length; i++)
            {
                probabilities[i] = outcomes[i].Probability;
                _boxedProbabilities[row][i] = outcomes[i].Probability;
            }
            _cumulative[row] = CategoricalSampler.CumulativeSum(probabilities);
        }
        _initialCumulative = CategoricalSampler.CumulativeSum(initialDistribution);
        StartDistribution = initialDistribution.ToArray();
        StateCount = stateCount;
        ActionCount = actionCount;
        _observationSpace = new Discrete(stateCount);
        _actionSpace = new Discrete(actionCount);
        if (renderMode is not null && !Metadata.RenderModes.Contains(renderMode))
            throw new ArgumentException($"{TypeNames.Of(GetType())} cannot render '{renderMode}'. Choose one of: {string.Join(", ", Metadata.RenderModes)} (or null).", nameof(renderMode));
        RenderMode = renderMode;
    }

    public override Space<int> ObservationSpace => _observationSpace;
    public override Space<int> ActionSpace => _actionSpace;
    public override EnvMetadata Metadata => Meta;

    public int StateCount { get; }
    public int ActionCount { get; }

    /// <summary>The current state (Gymnasium's <c>s</c>); -1 before the first reset.</summary>
    public int State { get; protected set; } = -1;

    /// <summary>
    /// Puts the env in <paramref name="state"/> (Gymnasium users assign <c>env.unwrapped.s</c>), e.g. to evaluate a
    /// policy from chosen states. The episode continues from there; <see cref="LastAction"/> is kept.
    /// </summary>
    public void SetState(int state)
    {
        _observationSpace.EnsureContains(state, "state");
        State = state;
    }

    /// <summary>The last action taken (Gymnasium's <c>lastaction</c>); null right after a reset.</summary>
    public int? LastAction { get; protected set; }

    /// <summary>The probability of starting in each state (Gymnasium's <c>initial_state_distrib</c>).</summary>
    public IReadOnlyList<double> StartDistribution { get; }

    /// <summary>Every outcome of <paramref name="action"/> in <paramref name="state"/> (Gymnasium's <c>P[state][action]</c>).</summary>
    public IReadOnlyList<Transition> Transitions(int state, int action)
    {
        _observationSpace.EnsureContains(state, "state");
        _actionSpace.EnsureContains(action, "action");
        return _transitions[state * ActionCount + action];
    }

    /// <summary>Snapshots capture the generator, the state, the last action and any env-specific extra (see <see cref="SaveExtraState"/>).</summary>
    public override bool SupportsStateSnapshot => true;

    public override sealed void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SnapshotTag.Write(writer, GetType().Name, 1, StateCount);
        NpRandom.SaveState(writer);
        writer.Write(State);
        SnapshotTag.WriteOptional(writer, LastAction);
        SaveExtraState(writer);
    }

    public override sealed void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string name = GetType().Name;
        SnapshotTag.Expect(reader, name, 1, StateCount);
        NpRandom.LoadState(reader);
        State = SnapshotTag.ReadInt(reader, name, "state", -1, StateCount - 1);
        LastAction = SnapshotTag.ReadOptional(reader, name, "last action", 0, ActionCount - 1);
        LoadExtraState(reader);
    }

    /// <summary>Writes dynamic state beyond the generator, state and last action (Taxi's fickle passenger).</summary>
    private protected virtual void SaveExtraState(BinaryWriter writer) { }

    /// <summary>Restores what <see cref="SaveExtraState"/> wrote.</summary>
    private protected virtual void LoadExtraState(BinaryReader reader) { }

    /// <summary>Samples the initial state; info <c>"prob"</c> is 1.</summary>
    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        int state = SampleInitialState(seed);
        Info["prob"] = ResetProbability;
        return new ResetResult<int>(state, Info);
    }

    /// <summary>Moves to a sampled outcome of <paramref name="action"/>; info <c>"prob"</c> is that outcome's probability.</summary>
    public override StepResult<int> Step(int action)
    {
        var (outcome, probability) = SampleTransition(action);
        State = outcome.NextState;
        LastAction = action;
        Info["prob"] = probability;
        return new StepResult<int>(outcome.NextState, outcome.Reward, outcome.Terminated, false, Info);
    }

    /// <summary>The <c>ansi</c> text or <c>rgb_array</c> picture of the current state; null without a render mode.</summary>
    public override sealed RenderFrame? Render()
    {
        if (RenderMode is null) return null;
        if (State < 0) throw new InvalidOperationException($"{_name}: call Reset() before Render().");
        return RenderMode == RenderModes.Ansi ? RenderFrame.FromText(RenderText()) : RenderFrame.FromImage(RenderImage());
    }

    /// <summary>The <c>ansi</c> render: Gymnasium's text, escape codes included (called only after a reset).</summary>
    private protected abstract string RenderText();

    /// <summary>The <c>rgb_array</c> render (called only after a reset).</summary>
    private protected abstract RgbImage RenderImage();

    /// <summary>Reseeds when asked, then samples the initial state (one random draw).</summary>
    private protected int SampleInitialState(long? seed)
    {
        SeedRandom(seed);
        State = CategoricalSampler.Sample(_initialCumulative, NpRandom.Random());
        LastAction = null;
        return State;
    }

    /// <summary>Samples one outcome of <paramref name="action"/> from the current state (one random draw) without moving.</summary>
    private protected (Transition Outcome, object BoxedProbability) SampleTransition(int action)
    {
        if (State < 0) throw new InvalidOperationException($"{TypeNames.Of(GetType())}: call Reset() before Step().");
        _actionSpace.EnsureContains(action);
        int row = State * ActionCount + action;
        int i = CategoricalSampler.Sample(_cumulative[row], NpRandom.Random());
        return (_transitions[row][i], _boxedProbabilities[row][i]);
    }
}
