using DotGym.Snapshots;

namespace DotGym.Vector;

/// <summary>
/// Episode statistics for a whole vector env (Gymnasium's <c>gymnasium.wrappers.vector.RecordEpisodeStatistics</c>):
/// after every step, <see cref="EpisodeEnded"/>[i] says whether sub-env <c>i</c> finished an episode in it, and
/// <see cref="EpisodeReturns"/>[i] / <see cref="EpisodeLengths"/>[i] hold that episode's undiscounted return and
/// length (Gymnasium's <c>info["episode"]["r"]</c>, <c>["l"]</c> and <c>info["_episode"]</c>). The last
/// <c>bufferLength</c> episodes are kept in <see cref="ReturnQueue"/> / <see cref="LengthQueue"/>.
/// <para>
/// With <see cref="AutoresetMode.NextStep"/> the step after an episode ends only resets that sub-env: it is not a
/// transition, is marked in <see cref="AutoresetStep"/> (learners drop it) and counts towards no episode. An episode
/// that ends with <c>info[<see cref="Infos.EpisodeDropped"/>]</c> (its host was lost) is not counted either: it is
/// only tallied in <see cref="DroppedEpisodeCount"/>.
/// The arrays are buffers overwritten by every step; stepping allocates nothing.
/// </para>
/// </summary>
public sealed class RecordVectorEpisodeStatistics<TObs, TAct> : VectorWrapper<TObs, TAct>
{
    private readonly double[] _runningReturns;
    private readonly int[] _runningLengths;
    private readonly bool[] _endedLastStep;
    private readonly Queue<double> _returnQueue;
    private readonly Queue<int> _lengthQueue;
    private readonly int _bufferLength;

    /// <summary>Records episodes of <paramref name="env"/>, keeping the last <paramref name="bufferLength"/> in the queues.</summary>
    public RecordVectorEpisodeStatistics(IVectorEnv<TObs, TAct> env, int bufferLength = 100) : base(env)
    {
        if (bufferLength < 1) throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, "bufferLength must be at least 1 (Gymnasium's default is 100).");
        _bufferLength = bufferLength;
        int n = env.NumEnvs;
        _runningReturns = new double[n];
        _runningLengths = new int[n];
        _endedLastStep = new bool[n];
        EpisodeEnded = new bool[n];
        EpisodeReturns = new double[n];
        EpisodeLengths = new int[n];
        AutoresetStep = new bool[n];
        _returnQueue = new Queue<double>(bufferLength);
        _lengthQueue = new Queue<int>(bufferLength);
    }

    /// <summary>Whether sub-env <c>i</c> finished an episode in the last step.</summary>
    public bool[] EpisodeEnded { get; }
    /// <summary>Return of the episode sub-env <c>i</c> finished in the last step (valid where <see cref="EpisodeEnded"/>).</summary>
    public double[] EpisodeReturns { get; }
    /// <summary>Length of the episode sub-env <c>i</c> finished in the last step (valid where <see cref="EpisodeEnded"/>).</summary>
    public int[] EpisodeLengths { get; }
    /// <summary>Whether the last step of sub-env <c>i</c> was a next-step autoreset (no transition: action ignored, reward 0).</summary>
    public bool[] AutoresetStep { get; }
    /// <summary>Episodes finished since construction.</summary>
    public long EpisodeCount { get; private set; }
    /// <summary>Episodes cut short by lost infrastructure (<see cref="Infos.EpisodeDropped"/>) since construction; not in <see cref="EpisodeCount"/>.</summary>
    public long DroppedEpisodeCount { get; private set; }
    /// <summary>Returns of the most recent episodes, oldest first.</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returnQueue;
    /// <summary>Lengths of the most recent episodes, oldest first.</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengthQueue;

    protected override void OnReset(in VectorResetResult<TObs> result, ReadOnlySpan<bool> mask)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            EpisodeEnded[i] = false;
            AutoresetStep[i] = false;
            if (!mask.IsEmpty && !mask[i]) continue;
            _runningReturns[i] = 0;
            _runningLengths[i] = 0;
            _endedLastStep[i] = false;
        }
    }

    protected override void OnStep(in VectorStepResult<TObs> result)
    {
        bool nextStep = AutoresetMode == AutoresetMode.NextStep;
        for (int i = 0; i < NumEnvs; i++)
        {
            EpisodeEnded[i] = false;
            bool ended = result.Terminated[i] || result.Truncated[i];
            bool dropped = ended && result.Infos[i].TryGetValue(Infos.EpisodeDropped, out var flag) && flag is true;
            if (nextStep && _endedLastStep[i])
            {
                AutoresetStep[i] = true;
                _endedLastStep[i] = dropped; // a host lost during an autoreset step: the next step is the fresh env's reset
                continue;
            }
            AutoresetStep[i] = false;
            _runningReturns[i] += result.Rewards[i];
            _runningLengths[i]++;
            if (!ended) continue;
            if (dropped)
            {
                _runningReturns[i] = 0;
                _runningLengths[i] = 0;
                _endedLastStep[i] = true;
                DroppedEpisodeCount++;
                continue;
            }
            EpisodeEnded[i] = true;
            EpisodeReturns[i] = _runningReturns[i];
            EpisodeLengths[i] = _runningLengths[i];
            _runningReturns[i] = 0;
            _runningLengths[i] = 0;
            _endedLastStep[i] = true;
            EpisodeCount++;
            if (_returnQueue.Count == _bufferLength)
            {
                _returnQueue.Dequeue();
                _lengthQueue.Dequeue();
            }
            _returnQueue.Enqueue(EpisodeReturns[i]);
            _lengthQueue.Enqueue(EpisodeLengths[i]);
        }
    }

    public override void SaveState(BinaryWriter writer)
    {
        base.SaveState(writer);
        StateSnapshot.WriteHeader(writer, "RecordVectorEpisodeStatistics");
        StateSnapshot.WriteValues<double>(writer, _runningReturns);
        StateSnapshot.WriteValues<int>(writer, _runningLengths);
        StateSnapshot.WriteValues<bool>(writer, _endedLastStep);
        writer.Write(EpisodeCount);
        StateSnapshot.WriteValues<double>(writer, _returnQueue.ToArray());
        StateSnapshot.WriteValues<int>(writer, _lengthQueue.ToArray());
    }

    public override void LoadState(BinaryReader reader)
    {
        base.LoadState(reader);
        const string owner = "RecordVectorEpisodeStatistics";
        StateSnapshot.ReadHeader(reader, owner);
        StateSnapshot.ReadValues<double>(reader, _runningReturns, owner);
        StateSnapshot.ReadValues<int>(reader, _runningLengths, owner);
        StateSnapshot.ReadValues<bool>(reader, _endedLastStep, owner);
        EpisodeCount = reader.ReadInt64();
        var returns = StateSnapshot.ReadArray<double>(reader, owner, _bufferLength);
        var lengths = StateSnapshot.ReadArray<int>(reader, owner, _bufferLength);
        if (lengths.Length != returns.Length)
            throw new InvalidDataException($"The {owner} snapshot holds {returns.Length} recent episodes but this wrapper keeps {_bufferLength}; use the same bufferLength.");
        _returnQueue.Clear();
        _lengthQueue.Clear();
        foreach (var r in returns) _returnQueue.Enqueue(r);
        foreach (var l in lengths) _lengthQueue.Enqueue(l);
        Array.Clear(EpisodeEnded);
        Array.Clear(AutoresetStep);
    }
}
