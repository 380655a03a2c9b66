using DotGym.Snapshots;
using System.Numerics;

namespace DotGym.Wrappers;

/// <summary>
/// A running mean and variance (Gymnasium's <c>RunningMeanStd</c>, Chan et al.'s parallel Welford update) over
/// vectors of <typeparamref name="T"/>. The count starts at <c>epsilon</c> (1e-4), the mean at 0 and the variance
/// at 1, and updates are done in <typeparamref name="T"/> arithmetic with the count converted to
/// <typeparamref name="T"/>, as numpy does for a float32 or float64 array.
/// <para>
/// <see cref="StoresFloat32"/> reproduces one numpy detail: Gymnasium's <c>NormalizeObservation</c> creates float32
/// statistics, and a float64 observation promotes them to float64 on the first update, whose <c>var * count</c>
/// term is still rounded to float32.
/// </para>
/// </summary>
public sealed class RunningMeanStd<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="size">Values per sample.</param>
    /// <param name="epsilon">Initial count.</param>
    /// <param name="float32Start">For <c>double</c> statistics: start as numpy float32 arrays (see <see cref="StoresFloat32"/>).</param>
    public RunningMeanStd(int size, double epsilon = 1e-4, bool float32Start = false)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "size must be >= 0.");
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"RunningMeanStd holds float or double statistics, not {TypeNames.Of<T>()}.");
        Mean = new T[size];
        Var = new T[size];
        Array.Fill(Var, T.One);
        Count = epsilon;
        StoresFloat32 = typeof(T) == typeof(float) || float32Start;
    }

    public T[] Mean { get; }
    public T[] Var { get; }
    /// <summary>Samples seen plus the initial epsilon (kept in float64, like Python's float).</summary>
    public double Count { get; private set; }
    /// <summary>Whether numpy would hold these statistics as float32 arrays (always for float; for double until the first update).</summary>
    public bool StoresFloat32 { get; private set; }

    /// <summary>Adds one sample (a batch of one: batch mean = <paramref name="sample"/>, batch variance = 0).</summary>
    public void Update(ReadOnlySpan<T> sample)
    {
        if (sample.Length != Mean.Length) throw new ArgumentException($"Expected a sample of {Mean.Length} values, got {sample.Length}.", nameof(sample));
        double totalCount = Count + 1;
        T count = T.CreateTruncating(Count), total = T.CreateTruncating(totalCount);
        float count32 = (float)Count;
        for (int i = 0; i < sample.Length; i++)
        {
            T delta = sample[i] - Mean[i];
            // batch_count is 1 and batch_var is 0, so their terms in numpy's formula are exact no-ops.
            Mean[i] += delta / total;
            T varTimesCount = StoresFloat32 ? T.CreateTruncating(float.CreateTruncating(Var[i]) * count32) : Var[i] * count;
            T m2 = varTimesCount + delta * delta * count / total;
            Var[i] = m2 / total;
        }
        Count = totalCount;
        StoresFloat32 = typeof(T) == typeof(float);
    }

    /// <summary>
    /// Adds <paramref name="rows"/> samples at once, stored row-major in <paramref name="batch"/>
    /// (<c>rows * Mean.Length</c> values): Gymnasium's <c>update(x)</c> with a batch, i.e. the batch mean and
    /// (population) variance per dimension, merged by Chan et al.'s parallel formula, in <typeparamref name="T"/>
    /// arithmetic. Inputs of another numeric type (e.g. float32 observations into float64 statistics) are converted
    /// exactly first. A batch of one gives the same result as <see cref="Update(ReadOnlySpan{T})"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="batch"/> holds fewer than <c>rows * Mean.Length</c> values.</exception>
    public void Update<TIn>(ReadOnlySpan<TIn> batch, int rows) where TIn : unmanaged, INumberBase<TIn>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int d = Mean.Length;
        if (batch.Length < (long)rows * d)
            throw new ArgumentException($"A batch of {rows} samples of {d} values needs {(long)rows * d} values, got {batch.Length}.", nameof(batch));
        if (rows == 0) return;
        T n = T.CreateTruncating(rows);
        double totalCount = Count + rows;
        T count = T.CreateTruncating(Count), total = T.CreateTruncating(totalCount);
        for (int j = 0; j < d; j++)
        {
            T sum = T.Zero;
            for (int r = 0; r < rows; r++) sum += T.CreateTruncating(batch[r * d + j]);
            T batchMean = sum / n, squares = T.Zero;
            for (int r = 0; r < rows; r++)
            {
                T diff = T.CreateTruncating(batch[r * d + j]) - batchMean;
                squares += diff * diff;
            }
            T batchVar = squares / n;
            T delta = batchMean - Mean[j];
            Mean[j] += delta * n / total;
            // var * count is rounded to float32 while numpy still holds float32 statistics (see StoresFloat32).
            T varTimesCount = StoresFloat32 ? T.CreateTruncating(float.CreateTruncating(Var[j]) * (float)Count) : Var[j] * count;
            T m2 = varTimesCount + batchVar * n + delta * delta * count * n / total;
            Var[j] = m2 / total;
        }
        Count = totalCount;
        StoresFloat32 = typeof(T) == typeof(float);
    }

    /// <summary>
    /// Merges a batch given by its per-dimension moments (Gymnasium's <c>update_mean_var_count_from_moments</c>), for
    /// callers that compute the moments themselves in the batch's own precision, as numpy does for a float32 batch.
    /// numpy's mixed precision is kept: <c>batch_var * batch_count</c> is taken in <typeparamref name="TIn"/> (a
    /// float32 scalar times a Python int stays float32), everything else in <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The moments do not have one value per dimension, or the count is not positive.</exception>
    public void UpdateFromMoments<TIn>(ReadOnlySpan<TIn> batchMean, ReadOnlySpan<TIn> batchVar, int batchCount)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        if (batchMean.Length != Mean.Length || batchVar.Length != Mean.Length)
            throw new ArgumentException($"Expected {Mean.Length} batch means and variances, got {batchMean.Length} and {batchVar.Length}.");
        if (batchCount <= 0) throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "A batch holds at least one sample.");
        double totalCount = Count + batchCount;
        T count = T.CreateTruncating(Count), total = T.CreateTruncating(totalCount), n = T.CreateTruncating(batchCount);
        for (int j = 0; j < Mean.Length; j++)
        {
            T delta = T.CreateTruncating(batchMean[j]) - Mean[j];
            Mean[j] += delta * n / total;
            T varTimesBatchCount = T.CreateTruncating(batchVar[j] * TIn.CreateTruncating(batchCount));
            T m2 = Var[j] * count + varTimesBatchCount + delta * delta * count * n / total;
            Var[j] = m2 / total;
        }
        Count = totalCount;
        StoresFloat32 = typeof(T) == typeof(float);
    }

    /// <summary>
    /// <c>sqrt(var[i] + epsilon)</c> in numpy's precision: float32 while the statistics are float32 arrays (the
    /// Python float epsilon is rounded to float32 first), else <typeparamref name="T"/>.
    /// </summary>
    public T StdWithEpsilon(int i, double epsilon) => StoresFloat32
        ? T.CreateTruncating(MathF.Sqrt(float.CreateTruncating(Var[i]) + (float)epsilon))
        : T.Sqrt(Var[i] + T.CreateTruncating(epsilon));

    /// <summary>Writes the count, precision flag, mean and variance (for checkpoints and wrapper snapshots).</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(StoresFloat32);
        StateSnapshot.WriteValues<T>(writer, Mean);
        StateSnapshot.WriteValues<T>(writer, Var);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote; <paramref name="owner"/> names the owner in error messages.</summary>
    public void LoadState(BinaryReader reader, string owner)
    {
        Count = reader.ReadDouble();
        StoresFloat32 = reader.ReadBoolean();
        StateSnapshot.ReadValues<T>(reader, Mean, owner);
        StateSnapshot.ReadValues<T>(reader, Var, owner);
    }
}
