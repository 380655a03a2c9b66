using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Benchmarks.Infrastructure;

/// <summary>
/// Random actions drawn once from an action space and replayed in a loop, so a benchmark times the env and not the
/// sampler (and allocates nothing while it runs).
/// </summary>
/// <typeparam name="TAct">The env's action type.</typeparam>
public sealed class ActionTape<TAct>
{
    /// <summary>Default number of recorded actions: long enough that replays do not line up with short episodes.</summary>
    public const int DefaultLength = 8192;

    private readonly TAct[] _actions;
    private readonly int _mask;
    private int _cursor;

    /// <summary>Records <paramref name="length"/> samples of <paramref name="space"/> after seeding it with <paramref name="seed"/>.</summary>
    /// <param name="space">The action space to sample (it is reseeded).</param>
    /// <param name="length">How many actions to record; a power of two.</param>
    /// <param name="seed">Seed for the space's generator, so every run replays the same actions.</param>
    public ActionTape(Space<TAct> space, int length = DefaultLength, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (length <= 0 || !BitOperations.IsPow2(length))
            throw new ArgumentOutOfRangeException(nameof(length), length, "The tape length must be a positive power of two (e.g. 8192) so the replay index can wrap with a mask.");
        space.Seed(seed);
        _actions = new TAct[length];
        _mask = length - 1;
        for (int i = 0; i < length; i++)
        {
            var action = space.Sample();
            // Array actions (Box) are copied so no recorded action can alias a space-owned buffer.
            _actions[i] = action is Array array ? (TAct)array.Clone() : action;
        }
    }

    /// <summary>Number of recorded actions.</summary>
    public int Length => _actions.Length;

    /// <summary>The next recorded action (wraps around at the end).</summary>
    public TAct Next()
    {
        var action = _actions[_cursor];
        _cursor = (_cursor + 1) & _mask;
        return action;
    }

    /// <summary>The next <paramref name="count"/> recorded actions as one contiguous span (for a vector env's step).</summary>
    public ReadOnlySpan<TAct> NextBatch(int count)
    {
        if ((uint)count > (uint)_actions.Length)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A batch cannot exceed the tape length {_actions.Length}; record a longer tape.");
        if (_cursor + count > _actions.Length) _cursor = 0;
        var batch = new ReadOnlySpan<TAct>(_actions, _cursor, count);
        _cursor = (_cursor + count) & _mask;
        return batch;
    }
}
