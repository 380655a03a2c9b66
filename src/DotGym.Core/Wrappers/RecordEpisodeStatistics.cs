using System.Diagnostics;

namespace DotGym.Wrappers;

/// <summary>
/// Tracks each episode's return, length and wall time (Gymnasium's <c>RecordEpisodeStatistics</c>). When an episode
/// ends, <c>info[statsKey]</c> holds an <see cref="EpisodeStatistics"/> (<c>{r, l, t}</c>), and the last
/// <c>bufferLength</c> episodes are kept in <see cref="ReturnQueue"/>, <see cref="LengthQueue"/> and <see cref="TimeQueue"/>.
/// </summary>
public sealed class RecordEpisodeStatistics<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly string _statsKey;
    private readonly int _bufferLength;
    private readonly Queue<double> _returns, _times;
    private readonly Queue<int> _lengths;
    private long _episodeStart;
    private double _episodeReturn;
    private int _episodeLength;

    public RecordEpisodeStatistics(Env<TObs, TAct> env, int bufferLength = 100, string statsKey = "episode") : base(env)
    {
        if (bufferLength <= 0) throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, "bufferLength must be at least 1.");
        ArgumentException.ThrowIfNullOrEmpty(statsKey);
        _statsKey = statsKey;
        _bufferLength = bufferLength;
        _returns = new Queue<double>(bufferLength);
        _times = new Queue<double>(bufferLength);
        _lengths = new Queue<int>(bufferLength);
        _episodeStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Number of finished episodes.</summary>
    public int EpisodeCount { get; private set; }
    /// <summary>Returns of the most recent episodes (oldest first).</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returns;
    /// <summary>Lengths of the most recent episodes (oldest first).</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengths;
    /// <summary>Wall times in seconds of the most recent episodes (oldest first).</summary>
    public IReadOnlyCollection<double> TimeQueue => _times;
    /// <summary>Return accumulated so far in the current episode.</summary>
    public double EpisodeReturn => _episodeReturn;
    /// <summary>Steps taken so far in the current episode.</summary>
    public int EpisodeLength => _episodeLength;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        _episodeStart = Stopwatch.GetTimestamp();
        _episodeReturn = 0;
        _episodeLength = 0;
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        _episodeReturn += result.Reward;
        _episodeLength++;
        if (!result.Terminated && !result.Truncated) return result;

        if (result.Info.ContainsKey(_statsKey))
            throw new InvalidOperationException($"{Env} already put '{_statsKey}' in the step info; pass another statsKey to RecordEpisodeStatistics.");
        double seconds = Math.Round(Stopwatch.GetElapsedTime(_episodeStart).TotalSeconds, 6);
        var stats = new EpisodeStatistics(_episodeReturn, _episodeLength, seconds);
        Push(_times, seconds);
        Push(_returns, _episodeReturn);
        Push(_lengths, _episodeLength);
        EpisodeCount++;
        _episodeStart = Stopwatch.GetTimestamp();
        return result with { Info = Infos.With(result.Info, _statsKey, stats) };
    }

    /// <summary>
    /// Writes the current episode's return, length and elapsed time, the episode count and the queues. The
    /// elapsed time continues from the restore, so <c>t</c> counts the time spent in the episode in both runs.
    /// </summary>
    protected override void SaveOwnState(BinaryWriter writer)
    {
        writer.Write(_episodeReturn);
        writer.Write(_episodeLength);
        writer.Write(Stopwatch.GetElapsedTime(_episodeStart).TotalSeconds);
        writer.Write(EpisodeCount);
        WriteQueue(writer, _returns, writer.Write);
        WriteQueue(writer, _lengths, writer.Write);
        WriteQueue(writer, _times, writer.Write);
    }

    protected override void LoadOwnState(BinaryReader reader)
    {
        _episodeReturn = reader.ReadDouble();
        _episodeLength = reader.ReadInt32();
        double elapsed = reader.ReadDouble();
        _episodeStart = Stopwatch.GetTimestamp() - (long)(elapsed * Stopwatch.Frequency);
        EpisodeCount = reader.ReadInt32();
        ReadQueue(reader, _returns, reader.ReadDouble);
        ReadQueue(reader, _lengths, reader.ReadInt32);
        ReadQueue(reader, _times, reader.ReadDouble);
    }

    private static void WriteQueue<T>(BinaryWriter writer, Queue<T> queue, Action<T> write)
    {
        writer.Write(queue.Count);
        foreach (var value in queue) write(value);
    }

    private void ReadQueue<T>(BinaryReader reader, Queue<T> queue, Func<T> read)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > _bufferLength)
            throw new InvalidDataException($"The RecordEpisodeStatistics snapshot holds {count} episodes but this wrapper keeps at most {_bufferLength}; restore into a wrapper built with the same bufferLength.");
        queue.Clear();
        for (int i = 0; i < count; i++) queue.Enqueue(read());
    }

    private void Push<T>(Queue<T> queue, T value)
    {
        if (queue.Count == _bufferLength) queue.Dequeue();
        queue.Enqueue(value);
    }
}
