using DotGym.Snapshots;
using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>How <see cref="FrameStackObservation{T,TAct}"/> fills the stack after a reset.</summary>
public enum FramePadding
{
    /// <summary>Repeat the reset observation (Gymnasium's default <c>padding_type="reset"</c>).</summary>
    Reset,
    /// <summary>Use the space's zero element: 0 clipped into [low, high] (<c>padding_type="zero"</c>).</summary>
    Zero,
}

/// <summary>
/// Stacks the last <see cref="StackSize"/> observations of a <see cref="Box{T}"/> env into one array of shape
/// <c>[stackSize, ...shape]</c>, oldest first (Gymnasium's <c>FrameStackObservation</c>). After a reset the older
/// slots hold the padding (the reset observation, the zero element, or a custom observation). Frames are copied
/// into a ring of reused buffers, so env-owned observation buffers are safe; the returned stack is a reused
/// buffer valid until the next reset or step.
/// </summary>
public sealed class FrameStackObservation<T, TAct> : Wrapper<T[], TAct, T[], TAct> where T : unmanaged, INumber<T>
{
    private readonly FramePadding? _padding;
    private readonly T[] _paddingFrame;
    private readonly T[][] _frames;
    private readonly T[] _stacked;
    private readonly int _frameSize;
    private int _newest;

    /// <summary>Pads with the reset observation or the zero element.</summary>
    public FrameStackObservation(Env<T[], TAct> env, int stackSize, FramePadding padding = FramePadding.Reset)
        : this(env, stackSize, padding, null) { }

    /// <summary>Pads with <paramref name="paddingObservation"/>, which must lie in the env's observation space.</summary>
    public FrameStackObservation(Env<T[], TAct> env, int stackSize, T[] paddingObservation)
        : this(env, stackSize, null, paddingObservation ?? throw new ArgumentNullException(nameof(paddingObservation))) { }

    private FrameStackObservation(Env<T[], TAct> env, int stackSize, FramePadding? padding, T[]? custom) : base(env)
    {
        if (stackSize <= 0) throw new ArgumentOutOfRangeException(nameof(stackSize), stackSize, "stackSize must be at least 1.");
        var box = env.ObservationSpace as Box<T>
            ?? throw new ArgumentException($"FrameStackObservation needs a Box<{TypeNames.Of<T>()}> observation space, but {env} has {env.ObservationSpace}.", nameof(env));
        if (custom is not null && !box.Contains(custom))
            throw new ArgumentException($"The padding observation {box.Describe(custom)} is not in the observation space {box}.", nameof(custom));
        StackSize = stackSize;
        _padding = padding;
        _frameSize = box.Size;
        _paddingFrame = custom is not null ? (T[])custom.Clone() : ZeroElement(box);
        _frames = new T[stackSize][];
        for (int i = 0; i < stackSize; i++) _frames[i] = (T[])_paddingFrame.Clone();
        _stacked = new T[stackSize * _frameSize];
        ObservationSpace = new Box<T>(Tile(box.Low, stackSize), Tile(box.High, stackSize), [stackSize, .. box.Shape]);
    }

    public int StackSize { get; }
    public override Space<T[]> ObservationSpace { get; }
    public override Space<TAct> ActionSpace => Env.ActionSpace;

    public override ResetResult<T[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var (observation, info) = Env.Reset(seed, options);
        var pad = _padding == FramePadding.Reset ? observation : _paddingFrame;
        for (int i = 0; i < StackSize; i++) CopyFrame(pad, _frames[i]);
        _newest = StackSize - 1;
        CopyFrame(observation, _frames[_newest]);
        return new ResetResult<T[]>(Stack(), info);
    }

    public override StepResult<T[]> Step(TAct action)
    {
        var r = Env.Step(action);
        _newest = (_newest + 1) % StackSize;
        CopyFrame(r.Observation, _frames[_newest]);
        return new StepResult<T[]>(Stack(), r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    /// <summary>Writes the frames, oldest first (the reset padding is recomputed from them, so it is not saved).</summary>
    protected override void SaveOwnState(BinaryWriter writer)
    {
        writer.Write(StackSize);
        for (int k = 0; k < StackSize; k++) StateSnapshot.WriteValues<T>(writer, _frames[(_newest + 1 + k) % StackSize]);
    }

    protected override void LoadOwnState(BinaryReader reader)
    {
        int stackSize = reader.ReadInt32();
        if (stackSize != StackSize)
            throw new InvalidDataException($"The FrameStackObservation snapshot stacks {stackSize} frames but this wrapper stacks {StackSize}; restore into a wrapper built with the same stackSize.");
        for (int k = 0; k < StackSize; k++) StateSnapshot.ReadValues<T>(reader, _frames[k], "FrameStackObservation");
        _newest = StackSize - 1;
    }

    private void CopyFrame(T[] source, T[] destination)
    {
        if (source is null || source.Length != _frameSize)
            throw new InvalidOperationException($"FrameStackObservation expected observations of {_frameSize} values from {Env}, got {source?.Length.ToString() ?? "null"}.");
        source.AsSpan().CopyTo(destination);
    }

    private T[] Stack()
    {
        for (int k = 0; k < StackSize; k++)
        {
            var frame = _frames[(_newest + 1 + k) % StackSize]; // oldest first
            frame.AsSpan().CopyTo(_stacked.AsSpan(k * _frameSize, _frameSize));
        }
        return _stacked;
    }

    private static T[] Tile(T[] values, int times)
    {
        var tiled = new T[values.Length * times];
        for (int k = 0; k < times; k++) values.CopyTo(tiled, k * values.Length);
        return tiled;
    }

    /// <summary>Gymnasium's <c>create_zero_array</c>: zeros, raised to low where low &gt; 0 and lowered to high where high &lt; 0.</summary>
    internal static T[] ZeroElement(Box<T> box)
    {
        var zero = new T[box.Size];
        for (int i = 0; i < zero.Length; i++)
        {
            if (box.Low[i] > T.Zero) zero[i] = box.Low[i];
            if (box.High[i] < T.Zero) zero[i] = box.High[i];
        }
        return zero;
    }
}
