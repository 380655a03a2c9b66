namespace DotGym.Agents.Training;

/// <summary>
/// Running mean and variance per dimension over batches (Gymnasium's <c>RunningMeanStd</c>: the parallel-variance
/// formula of Chan et al., starting from mean 0, variance 1 and a tiny count so the first batch dominates).
/// </summary>
public sealed class RunningMeanStd
{
    public RunningMeanStd(int dimensions)
    {
        Mean = new double[dimensions];
        Variance = new double[dimensions];
        Array.Fill(Variance, 1.0);
    }

    public double[] Mean { get; }
    public double[] Variance { get; }
    public double Count { get; private set; } = 1e-4;

    /// <summary>Adds <paramref name="rows"/> rows of <see cref="Mean"/>.Length values each (row-major).</summary>
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        if (rows == 0) return;
        int d = Mean.Length;
        for (int j = 0; j < d; j++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += batch[r * d + j];
            double batchMean = sum / rows, squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double diff = batch[r * d + j] - batchMean;
                squares += diff * diff;
            }
            Combine(j, batchMean, squares / rows, rows);
        }
        Count += rows;
    }

    /// <summary>Adds one batch of scalars (for one-dimensional statistics).</summary>
    public void Update(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        double sum = 0;
        foreach (var v in values) sum += v;
        double batchMean = sum / values.Length, squares = 0;
        foreach (var v in values) squares += (v - batchMean) * (v - batchMean);
        Combine(0, batchMean, squares / values.Length, values.Length);
        Count += values.Length;
    }

    private void Combine(int j, double batchMean, double batchVariance, int batchCount)
    {
        double delta = batchMean - Mean[j], total = Count + batchCount;
        Mean[j] += delta * batchCount / total;
        double m2 = Variance[j] * Count + batchVariance * batchCount + delta * delta * Count * batchCount / total;
        Variance[j] = m2 / total;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Mean.Length);
        writer.Write(Count);
        foreach (var m in Mean) writer.Write(m);
        foreach (var v in Variance) writer.Write(v);
    }

    public void Read(BinaryReader reader)
    {
        int d = reader.ReadInt32();
        if (d != Mean.Length) throw new InvalidDataException($"The checkpoint's normaliser has {d} dimensions, this agent {Mean.Length}.");
        Count = reader.ReadDouble();
        for (int j = 0; j < d; j++) Mean[j] = reader.ReadDouble();
        for (int j = 0; j < d; j++) Variance[j] = reader.ReadDouble();
    }
}
