using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;
using DotGym.Spaces;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// Any tabular env (FrozenLake, CliffWalking, Taxi, GridWorld with index observations) as a tensor env: its
/// transition table <c>P[s][a]</c> (next state, reward, terminal flag and probability of each outcome) lives on the
/// device and a step is a few gathers. Outcomes are drawn like the scalar env's categorical sampler (the first
/// outcome whose cumulative probability exceeds a uniform draw) from the env's dynamics generator; a deterministic
/// table (one outcome per state and action, e.g. a non-slippery lake) draws nothing and follows the scalar env exactly.
/// </summary>
public sealed class TensorTabularEnv : TensorVectorEnv<int>
{
    private readonly Tensor _next, _rewards, _terminal, _cumulative; // [states * actions, outcomes]
    private readonly Tensor _startCumulative;
    private readonly int _actionCount, _outcomes;
    private readonly int? _fixedStart;

    private TensorTabularEnv(string name, int stateCount, int actionCount, Func<int, int, IReadOnlyList<Transition>> transitions,
        IReadOnlyList<double> startDistribution, int numEnvs, Device? device, ScalarType stateType, int? maxEpisodeSteps, AutoresetMode autoreset)
        : base(numEnvs, new Discrete(stateCount), actionCount, device, stateType, maxEpisodeSteps, autoreset)
    {
        Name = name;
        _actionCount = actionCount;
        int rows = stateCount * actionCount;
        var table = new IReadOnlyList<Transition>[rows];
        for (int s = 0; s < stateCount; s++)
            for (int a = 0; a < actionCount; a++)
                table[s * actionCount + a] = transitions(s, a);
        _outcomes = table.Max(t => t.Count);
        var next = new long[rows * _outcomes];
        var rewards = new double[rows * _outcomes];
        var terminal = new bool[rows * _outcomes];
        var cumulative = new double[rows * _outcomes];
        for (int row = 0; row < rows; row++)
        {
            double sum = 0;
            for (int k = 0; k < _outcomes; k++)
            {
                // Padding repeats the last outcome with probability 0, so it is never the first to exceed a draw.
                var t = table[row][Math.Min(k, table[row].Count - 1)];
                if (k < table[row].Count) sum += t.Probability;
                int at = row * _outcomes + k;
                (next[at], rewards[at], terminal[at], cumulative[at]) = (t.NextState, t.Reward, t.Terminated, sum);
            }
        }
        _next = Keep(tensor(next, [rows, _outcomes], device: Device));
        _rewards = Keep(tensor(rewards, [rows, _outcomes], device: Device).to(stateType));
        _terminal = Keep(tensor(terminal, [rows, _outcomes], device: Device));
        _cumulative = Keep(tensor(cumulative, [rows, _outcomes], device: Device));
        var start = startDistribution.ToArray();
        int certain = Array.FindIndex(start, p => p == 1.0);
        _fixedStart = certain >= 0 ? certain : null;
        var startCumulative = new double[start.Length];
        double total = 0;
        for (int s = 0; s < start.Length; s++) startCumulative[s] = total += start[s];
        _startCumulative = Keep(tensor(startCumulative, device: Device));
        State = Keep(zeros(numEnvs, dtype: ScalarType.Int64, device: Device));
    }

    /// <summary>
    /// The tensor form of a toy-text env (FrozenLake, CliffWalking, Taxi): its table, start distribution and the time
    /// limit <paramref name="maxEpisodeSteps"/> (its spec's, e.g. 100 for FrozenLake-v1).
    /// </summary>
    public static TensorTabularEnv From(TabularEnv env, int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32,
        int? maxEpisodeSteps = null, AutoresetMode autoreset = AutoresetMode.SameStep)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new TensorTabularEnv(TypeNames.Of(env.GetType()), env.StateCount, env.ActionCount, env.Transitions, env.StartDistribution,
            numEnvs, device, stateType, maxEpisodeSteps, autoreset);
    }

    /// <summary>
    /// The tensor form of a grid world with index observations: its move table (<see cref="GridWorldEnv{TObs}.Transitions"/>),
    /// its start cell, and the shorter of its own <c>max_steps</c> and <paramref name="maxEpisodeSteps"/>.
    /// </summary>
    public static TensorTabularEnv From(GridWorldEnv<int> env, int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32,
        int? maxEpisodeSteps = null, AutoresetMode autoreset = AutoresetMode.SameStep)
    {
        ArgumentNullException.ThrowIfNull(env);
        var start = new double[env.Map.CellCount];
        start[env.Map.StartIndex] = 1.0;
        int? limit = (env.Options.MaxSteps, maxEpisodeSteps) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            (var a, var b) => a ?? b,
        };
        return new TensorTabularEnv("GridWorld", env.Map.CellCount, 4, env.Transitions, start, numEnvs, device, stateType, limit, autoreset);
    }

    /// <summary>The env the table came from (for messages).</summary>
    public string Name { get; }

    /// <summary>Each env's state index, int64 <c>[NumEnvs]</c>; <c>copy_</c> into it to start from chosen states.</summary>
    public Tensor State { get; }

    protected override void ResetState(Tensor? rows)
    {
        Tensor fresh;
        if (_fixedStart is { } s) fresh = full(NumEnvs, s, dtype: ScalarType.Int64, device: Device);
        else
        {
            var u = rand(NumEnvs, dtype: ScalarType.Float64, device: Device, generator: ResetGenerator);
            fresh = FirstAbove(_startCumulative.unsqueeze(0), u, _startCumulative.shape[0]);
        }
        State.copy_(rows is null ? fresh : where(rows, fresh, State));
    }

    protected override Tensor Advance(Tensor actions, Tensor rewards)
    {
        var row = State.mul(_actionCount).add_(actions);
        Tensor at;
        if (_outcomes == 1) at = row;
        else
        {
            var u = rand(NumEnvs, dtype: ScalarType.Float64, device: Device, generator: DynamicsGenerator);
            var outcome = FirstAbove(_cumulative.index_select(0, row), u, _outcomes);
            at = row.mul_(_outcomes).add_(outcome);
        }
        var terminated = _terminal.view(-1).index_select(0, at);
        rewards.copy_(_rewards.view(-1).index_select(0, at));
        State.copy_(_next.view(-1).index_select(0, at));
        return terminated;
    }

    /// <summary>CategoricalSampler.Sample per row: the first index whose cumulative probability exceeds u (0 when none does).</summary>
    private static Tensor FirstAbove(Tensor cumulative, Tensor u, long count)
    {
        var index = cumulative.le(u.unsqueeze(1)).sum(1);
        return index.masked_fill_(index.ge(count), 0);
    }

    protected override void Observe(Tensor into) => into.copy_(State);

    protected override void Dispose(bool disposing)
    {
        foreach (var t in new[] { _next, _rewards, _terminal, _cumulative, _startCumulative, State }) t.Dispose();
    }

    public override string ToString() => $"TensorTabularEnv({Spec?.Id ?? Name}, num_envs={NumEnvs}, {Device}, autoreset={AutoresetMode})";
}
