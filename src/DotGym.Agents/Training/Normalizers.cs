using DotGym.Wrappers;

namespace DotGym.Agents.Training;

/// <summary>
/// Optional running observation normalisation (Gymnasium's <c>NormalizeObservation</c> / SB3's <c>VecNormalize</c>):
/// <c>clip((obs - mean) / sqrt(var + 1e-8), -clip, clip)</c> with float64 statistics (Core's
/// <see cref="RunningMeanStd{T}"/>, one batched update per vector step), updated from training observations only and
/// saved in checkpoints so <c>Predict</c> sees what training saw.
/// </summary>
public sealed class ObservationNormalizer(int dimensions, double clip)
{
    /// <summary>Added to the variance under the square root.</summary>
    public const double Epsilon = 1e-8;

    public RunningMeanStd<double> Statistics { get; } = new(dimensions);

    /// <summary>Normalised values are clipped to <c>[-Clip, Clip]</c>.</summary>
    public double Clip => clip;

    /// <summary>Optionally updates the statistics with <paramref name="rows"/> observations, then normalises them in place.</summary>
    public void Apply(Span<float> observations, int rows, bool update)
    {
        if (update) Statistics.Update<float>(observations, rows);
        int d = Statistics.Mean.Length;
        for (int j = 0; j < d; j++)
        {
            double mean = Statistics.Mean[j], scale = 1.0 / Math.Sqrt(Statistics.Var[j] + Epsilon);
            for (int r = 0; r < rows; r++)
            {
                ref float x = ref observations[r * d + j];
                x = (float)Math.Clamp((x - mean) * scale, -clip, clip);
            }
        }
    }
}

/// <summary>
/// Optional reward scaling in the agents: each env keeps a discounted return <c>R = R * gamma + r</c>; rewards are
/// divided by the running std of R (Core's <see cref="RunningMeanStd{T}"/>, batched over the envs of one step) and
/// clipped. The mean is not subtracted, so the sign of rewards is kept. Episode statistics always report raw rewards.
/// <para>
/// How it differs from Gymnasium's <see cref="NormalizeReward{TObs,TAct}"/> wrapper, and why: the wrapper updates
/// its statistics one env at a time, resets R only on termination (<c>R * gamma * (1 - terminated) + r</c>) and
/// scales every reward its env returns. Here R restarts after termination OR truncation (a truncated episode's return
/// says nothing about the next one), the statistics take all envs of one vector step as one batch (so the result does
/// not depend on env order), and the autoreset steps of next-step autoreset, which are not transitions, are skipped.
/// This is SB3's <c>VecNormalize</c> reward semantics, on which the tuned presets (e.g. Pendulum-v1) were measured.
/// </para>
/// </summary>
public sealed class RewardNormalizer(int envs, double gamma, double clip)
{
    private const double Epsilon = 1e-8;
    private readonly double[] _returns = new double[envs];
    private readonly double[] _batch = new double[envs];

    public RunningMeanStd<double> Statistics { get; } = new(1);

    /// <summary>Scales <paramref name="rewards"/> in place; entries where <paramref name="skip"/> is true (autoreset steps) are left alone.</summary>
    public void Apply(Span<double> rewards, ReadOnlySpan<bool> done, ReadOnlySpan<bool> skip)
    {
        int n = 0;
        for (int i = 0; i < rewards.Length; i++)
        {
            if (skip[i]) continue;
            _returns[i] = _returns[i] * gamma + rewards[i];
            _batch[n++] = _returns[i];
        }
        Statistics.Update<double>(_batch.AsSpan(0, n), n);
        double scale = 1.0 / Math.Sqrt(Statistics.Var[0] + Epsilon);
        for (int i = 0; i < rewards.Length; i++)
        {
            if (skip[i]) continue;
            rewards[i] = Math.Clamp(rewards[i] * scale, -clip, clip);
            if (done[i]) _returns[i] = 0;
        }
    }

    public void Write(BinaryWriter writer)
    {
        Statistics.SaveState(writer);
        writer.Write(_returns.Length);
        foreach (var r in _returns) writer.Write(r);
    }

    public void Read(BinaryReader reader)
    {
        Statistics.LoadState(reader, "reward normaliser");
        int n = reader.ReadInt32();
        if (n != _returns.Length) throw new InvalidDataException($"The checkpoint's reward normaliser tracks {n} envs, this agent {_returns.Length}; use the same num_envs.");
        for (int i = 0; i < n; i++) _returns[i] = reader.ReadDouble();
    }
}
