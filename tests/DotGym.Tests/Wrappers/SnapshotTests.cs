using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Tests.Wrappers;

/// <summary>
/// A continuous-control env that supports state snapshots: a point pushed by a 2-d action with noise from its
/// generator; terminates when it leaves [-3, 3]. Observations are an env-owned buffer.
/// </summary>
public sealed class SnapshotDriftEnv : Env<float[], float[]>
{
    private readonly float[] _observation = new float[3];
    private double _x, _y;
    private int _steps;

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-10f, 10f, 3);
    public override Space<float[]> ActionSpace { get; } = new Box<float>([-1f, 0f], [1f, 2f]);
    public override bool SupportsStateSnapshot => true;

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        (_x, _y, _steps) = (NpRandom.Uniform(-0.5, 0.5), NpRandom.Uniform(-0.5, 0.5), 0);
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(float[] action)
    {
        _x += 0.4 * action[0] + 0.1 * NpRandom.StandardNormal();
        _y = 0.9 * _y + 0.2 * (action[1] - 1) + 0.05 * NpRandom.Uniform(-1, 1);
        _steps++;
        bool terminated = Math.Abs(_x) > 3;
        return new StepResult<float[]>(Observe(), -Math.Abs(_x) + 0.1 * action[1], terminated, false, Infos.Empty);
    }

    private float[] Observe()
    {
        _observation[0] = (float)Math.Clamp(_x, -10, 10);
        _observation[1] = (float)Math.Clamp(_y, -10, 10);
        _observation[2] = _steps;
        return _observation;
    }

    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(_x);
        writer.Write(_y);
        writer.Write(_steps);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        (_x, _y, _steps) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt32());
        NpRandom.LoadState(reader);
        Observe();
    }
}

/// <summary>
/// Snapshots of whole wrapper stacks: after k steps, SaveState; the next m steps of the original are recorded; a
/// freshly built identical stack restored from the snapshot repeats them bit for bit (every stateful wrapper's
/// state — counters, running statistics, frames, the autoreset flag, episode accumulators — travels in the snapshot).
/// </summary>
public class WrapperSnapshotTests
{
    /// <summary>Every stateful wrapper, plus stateless ones in between, over a snapshot-capable env.</summary>
    private static Env<float[], float[]> FullStack()
    {
        Env<float[], float[]> env = new SnapshotDriftEnv();
        env = new PassiveEnvChecker<float[], float[]>(env);
        env = new OrderEnforcing<float[], float[]>(env);
        env = new TimeLimit<float[], float[]>(env, 9);
        env = ActionWrappers.Rescale(env, -1, 1);
        env = ActionWrappers.Clip(env);
        env = new Autoreset<float[], float[]>(env);
        env = new FrameStackObservation<float, float[]>(env, 3, FramePadding.Zero);
        env = NormalizeObservation.Create(env);
        env = new NormalizeReward<float[], float[]>(env, gamma: 0.95);
        env = new RecordEpisodeStatistics<float[], float[]>(env, bufferLength: 3);
        return Transform.Reward(env, r => Math.Clamp(r, -5, 5));
    }

    /// <summary>A flattening stack over a composite observation env (flattening itself is stateless).</summary>
    private static Env<float[], int> FlatStack(Env<IReadOnlyDictionary<string, object>, int> inner) =>
        new RecordEpisodeStatistics<float[], int>(NormalizeObservation.Create(new Autoreset<double[], int>(FlattenObservation.ToDouble(inner))));

    private static List<string> Record<TAct>(Env<float[], TAct> env, Func<int, TAct> action, int from, int steps)
    {
        var log = new List<string>();
        for (int t = from; t < from + steps; t++)
        {
            var r = env.Step(action(t));
            string episode = r.Info.TryGetValue("episode", out var e) && e is EpisodeStatistics s ? $" episode r={BitConverter.DoubleToInt64Bits(s.Return)} l={s.Length}" : "";
            log.Add($"{string.Join(",", r.Observation.Select(BitConverter.SingleToInt32Bits))} {BitConverter.DoubleToInt64Bits(r.Reward)} {r.Terminated} {r.Truncated}{episode}");
        }
        return log;
    }

    private static byte[] Save<TObs, TAct>(Env<TObs, TAct> env)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) env.SaveState(writer);
        return stream.ToArray();
    }

    private static void Load<TObs, TAct>(Env<TObs, TAct> env, byte[] snapshot)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        env.LoadState(reader);
        Assert.Equal(snapshot.Length, reader.BaseStream.Position); // the stack reads exactly what it wrote
    }

    private static float[] ContinuousAction(int t) => [(float)Math.Sin(t * 0.7) * 1.3f, (float)Math.Cos(t * 0.3)];

    [Theory]
    [InlineData(0, 25)]
    [InlineData(5, 30)]
    [InlineData(13, 40)]
    public void AFreshStackRestoredFromASnapshotRepeatsTheNextStepsBitForBit(int k, int m)
    {
        var original = FullStack();
        Assert.True(original.SupportsStateSnapshot);
        original.Reset(seed: 42);
        Record(original, ContinuousAction, 0, k);
        byte[] snapshot = Save(original);
        var expected = Record(original, ContinuousAction, k, m);
        Assert.Contains(expected, line => line.Contains("episode")); // the run crosses episode ends and autoresets

        var restored = FullStack();
        Load(restored, snapshot);
        Assert.Equal(expected, Record(restored, ContinuousAction, k, m));

        var statistics = WrapperChain.Find<RecordEpisodeStatistics<float[], float[]>>(original)!;
        var restoredStatistics = WrapperChain.Find<RecordEpisodeStatistics<float[], float[]>>(restored)!;
        Assert.Equal(statistics.EpisodeCount, restoredStatistics.EpisodeCount);
        Assert.Equal(statistics.ReturnQueue, restoredStatistics.ReturnQueue);
        Assert.Equal(statistics.LengthQueue, restoredStatistics.LengthQueue);
    }

    [Fact]
    public void FlatteningStacksOverCompositeObservationsRestoreToo()
    {
        var stack = FlatStack(new DictObservationEnv());
        stack.Reset(seed: 3);
        Record(stack, t => t % 3, 0, 6);
        byte[] snapshot = Save(stack);
        var expected = Record(stack, t => t % 3, 6, 20);
        var restored = FlatStack(new DictObservationEnv());
        Load(restored, snapshot);
        Assert.Equal(expected, Record(restored, t => t % 3, 6, 20));
    }

    [Fact]
    public void RestoringIntoADifferentStackFailsClearly()
    {
        var env = FullStack();
        env.Reset(seed: 1);
        byte[] snapshot = Save(env);
        var other = new RecordEpisodeStatistics<float[], float[]>(new TimeLimit<float[], float[]>(new SnapshotDriftEnv(), 9));
        var e = Assert.Throws<InvalidDataException>(() => Load(other, snapshot));
        Assert.Contains("built exactly like", e.Message);
        var differentStack = new FrameStackObservation<float, float[]>(new SnapshotDriftEnv(), 3);
        var frames = new FrameStackObservation<float, float[]>(new SnapshotDriftEnv(), 4);
        frames.Reset(seed: 0);
        var f = Assert.Throws<InvalidDataException>(() => Load(differentStack, Save(frames)));
        Assert.Contains("stackSize", f.Message);
    }

    [Fact]
    public void StacksOverEnvsWithoutSnapshotsSayHowToEnableThem()
    {
        var env = new TimeLimit<float[], int>(new WalkerEnv(), 5);
        Assert.False(env.SupportsStateSnapshot);
        var e = Assert.Throws<NotSupportedException>(() => Save(env));
        Assert.Contains("SupportsStateSnapshot", e.Message);
    }
}
