namespace DotGym.Experiments.Throughput.Cases;

/// <summary>
/// A workload whose one iteration steps a whole batch of <see cref="BatchSize"/> envs with discrete actions, taken
/// from a sliding window over pre-sampled random actions (<c>System.Random(0)</c>, so every run steps the same
/// actions). Subclasses say how one batch steps; the envs themselves come from the caller, so this project needs
/// no env package.
/// </summary>
public abstract class BatchStepWorkload : ThroughputWorkload
{
    private readonly int[] _actions;
    private int _offset;

    /// <param name="batchSize">Envs stepped per iteration (each counts one env step).</param>
    /// <param name="actionCount">Number of discrete actions; actions are drawn uniformly from 0 to actionCount - 1.</param>
    protected BatchStepWorkload(int batchSize, int actionCount = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionCount);
        BatchSize = batchSize;
        _actions = RandomActions(batchSize * 4, actionCount);
    }

    /// <summary>Envs stepped per iteration.</summary>
    public int BatchSize { get; }

    /// <summary>Steps every env once with <paramref name="actions"/> (one action each).</summary>
    protected abstract void StepAll(ReadOnlySpan<int> actions);

    public override long Run(int iterations)
    {
        for (int t = 0; t < iterations; t++)
        {
            StepAll(_actions.AsSpan(_offset, BatchSize));
            _offset = (_offset + BatchSize) % (_actions.Length - BatchSize);
        }
        return (long)iterations * BatchSize;
    }

    /// <summary><paramref name="count"/> actions drawn from <c>System.Random(0)</c>, uniform in [0, <paramref name="actionCount"/>).</summary>
    public static int[] RandomActions(int count, int actionCount = 2)
    {
        var sampler = new System.Random(0);
        var actions = new int[count];
        for (int i = 0; i < actions.Length; i++) actions[i] = sampler.Next(actionCount);
        return actions;
    }
}
