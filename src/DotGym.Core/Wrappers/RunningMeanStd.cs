using System.Numerics;

namespace DotGym.Wrappers;

/// <summary>
/// A running mean and variance (Gymnasium's <c>RunningMeanStd</c>, Chan et al.'s parallel Welford update) over
/// vectors of <typeparamref name="T"/>. The count starts at <c>epsilon</c> (1e-4), the mean at 0 and the variance
/// at 1, and updates are done in <typeparamref name="T"/> arithmetic with the count converted to
/// <typeparamref name="T"/>, as numpy does for a float32 or float64 array.
/// </summary>
public sealed class RunningMeanStd<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public RunningMeanStd(int size, double epsilon = 1e-4)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "size must be >= 0.");
        Mean = new T[size];
        Var = new T[size];
        Array.Fill(Var, T.One);
        Count = epsilon;
    }

    public T[] Mean { get; }
    public T[] Var { get; }
    /// <summary>Samples seen plus the initial epsilon (kept in float64, like Python's float).</summary>
    public double Count { get; private set; }

    /// <summary>Adds one sample (a batch of one: batch mean = <paramref name="sample"/>, batch variance = 0).</summary>
    public void Update(ReadOnlySpan<T> sample)
    {
        if (sample.Length != Mean.Length) throw new ArgumentException($"Expected a sample of {Mean.Length} values, got {sample.Length}.", nameof(sample));
        double totalCount = Count + 1;
        T count = T.CreateTruncating(Count), total = T.CreateTruncating(totalCount);
        for (int i = 0; i < sample.Length; i++)
        {
            T delta = sample[i] - Mean[i];
            // batch_count is 1 and batch_var is 0, so their terms in numpy's formula are exact no-ops.
            Mean[i] += delta / total;
            T m2 = Var[i] * count + delta * delta * count / total;
            Var[i] = m2 / total;
        }
        Count = totalCount;
    }
}
