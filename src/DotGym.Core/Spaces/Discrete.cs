using DotGym.Random;

namespace DotGym.Spaces;

/// <summary>The integers <c>{start, …, start + n - 1}</c> (Gymnasium's <c>Discrete(n, start)</c>).</summary>
public sealed class Discrete : Space<int>, IEquatable<Discrete>
{
    public Discrete(int n, int start = 0) : base([])
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete(n) needs n >= 1 elements.");
        if ((long)start + n - 1 > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Discrete({n}, start={start}) would end past int.MaxValue; lower start or n.");
        N = n;
        Start = start;
    }

    public int N { get; }
    public int Start { get; }
    public override int FlatDim => N;

    /// <summary><c>start + integers(n)</c>.</summary>
    public override int Sample() => Start + (int)NpRandom.Integers(N);

    internal override bool HasBatchSampler => true;

    /// <summary>Gymnasium batches a Discrete as <c>MultiDiscrete(full(n, N), start)</c>: <c>floor(random() * N) + start</c> per element.</summary>
    internal override void SampleBatch(NpGenerator rng, int[] destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = (int)(long)(rng.Random() * N) + Start;
    }

    /// <summary>
    /// Samples uniformly among the indices whose <paramref name="mask"/> entry is 1 (Gymnasium's action mask);
    /// an all-zero mask returns <see cref="Start"/> and draws nothing.
    /// </summary>
    public int Sample(ReadOnlySpan<byte> mask)
    {
        if (mask.Length != N) throw new ArgumentException($"The mask has length {mask.Length}; {this} needs a mask of length {N}.", nameof(mask));
        int allowed = 0;
        foreach (var m in mask)
        {
            if (m > 1) throw new ArgumentException($"Mask entries must be 0 or 1, got {m}.", nameof(mask));
            allowed += m;
        }
        if (allowed == 0) return Start;
        return Start + NthSet(mask, NpRandom.Integers(allowed));
    }

    /// <summary>
    /// Samples with the given probability of each element (Gymnasium's <c>sample(probability=p)</c>): <paramref name="probability"/>
    /// has length n, entries in [0, 1] summing to 1; it is renormalised by its sum as Gymnasium does.
    /// </summary>
    public int Sample(ReadOnlySpan<double> probability)
    {
        if (probability.Length != N) throw new ArgumentException($"The probability vector has length {probability.Length}; {this} needs length {N}.", nameof(probability));
        foreach (var p in probability)
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Probabilities must lie in [0, 1], got {p}.", nameof(probability));
        double sum = NpReductions.Sum<double>(probability);
        if (!(Math.Abs(sum - 1) <= 1e-8 + 1e-5)) // np.isclose(sum, 1)
            throw new ArgumentException($"The probabilities must sum to 1, but they sum to {sum}.", nameof(probability));
        int valid = 0;
        foreach (var p in probability) if (p > 0) valid++;
        Span<double> normalized = valid <= 256 ? stackalloc double[valid] : new double[valid];
        for (int i = 0, j = 0; i < N; i++)
            if (probability[i] > 0) normalized[j++] = probability[i] / sum;
        var cdf = NpGenerator.ChoiceCdf(normalized);
        int pick = NpRandom.ChooseFromCdf(cdf);
        for (int i = 0; i < N; i++)
            if (probability[i] > 0 && pick-- == 0) return Start + i;
        throw new InvalidOperationException("unreachable: probability vector changed while sampling");
    }

    private static int NthSet(ReadOnlySpan<byte> mask, long n)
    {
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] == 1 && n-- == 0) return i;
        throw new InvalidOperationException("unreachable: mask count changed while sampling");
    }

    public override bool Contains(int value) => value >= Start && value - Start < N;

    /// <summary>Also accepts other integer types, as Gymnasium accepts any numpy integer scalar.</summary>
    public override bool ContainsObject(object? value) => value switch
    {
        int i => Contains(i),
        long l => l >= Start && l - Start < N,
        short s => Contains(s),
        sbyte sb => Contains(sb),
        byte b => Contains(b),
        ushort us => Contains(us),
        uint ui => ui <= int.MaxValue && Contains((int)ui),
        _ => false,
    };

    /// <summary>One-hot: a 1 at <c>value - start</c>.</summary>
    public override void Flatten(int value, Span<double> destination)
    {
        EnsureContains(value, "value");
        EnsureFlatLength(destination.Length, nameof(destination), unflatten: false);
        destination.Clear();
        destination[value - Start] = 1;
    }

    /// <summary><c>start + (index of the first non-zero entry)</c>, as Gymnasium's <c>unflatten</c>.</summary>
    public override int Unflatten(ReadOnlySpan<double> flat)
    {
        EnsureFlatLength(flat.Length, nameof(flat), unflatten: true);
        for (int i = 0; i < flat.Length; i++)
            if (flat[i] != 0) return Start + i;
        throw new ArgumentException($"A flattened {this} element must be one-hot, but all {N} entries are zero.", nameof(flat));
    }

    public override void GetFlatBounds(Span<double> low, Span<double> high)
    {
        low.Clear();
        high.Fill(1);
    }

    protected override string Hint(int value) => $"Valid values are {Start} to {Start + N - 1}.";

    /// <summary>Structural equality: the same <see cref="N"/> and <see cref="Start"/> (the generator is ignored).</summary>
    public bool Equals(Discrete? other) => other is not null && N == other.N && Start == other.Start;

    public override bool Equals(object? obj) => obj is Discrete other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(typeof(Discrete), N, Start);

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
