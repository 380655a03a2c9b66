namespace DotGym.Spaces;

/// <summary>The integers <c>{start, …, start + n - 1}</c> (Gymnasium's <c>Discrete(n, start)</c>).</summary>
public sealed class Discrete : Space<int>
{
    public Discrete(int n, int start = 0) : base([])
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete(n) needs n >= 1 elements.");
        N = n;
        Start = start;
    }

    public int N { get; }
    public int Start { get; }
    public override int FlatDim => N;

    public override int Sample() => Start + (int)NpRandom.Integers(N);

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
        long pick = NpRandom.Integers(allowed);
        for (int i = 0; i < N; i++)
            if (mask[i] == 1 && pick-- == 0) return Start + i;
        throw new InvalidOperationException("unreachable: mask count changed while sampling");
    }

    public override bool Contains(int value) => value >= Start && value < Start + N;

    public override void Flatten(int value, Span<double> destination)
    {
        EnsureContains(value, "value");
        if (destination.Length != N) throw new ArgumentException($"Flattening {this} needs a destination of length {N}, got {destination.Length}.", nameof(destination));
        destination.Clear();
        destination[value - Start] = 1;
    }

    public override int Unflatten(ReadOnlySpan<double> flat)
    {
        if (flat.Length != N) throw new ArgumentException($"Unflattening {this} needs {N} values, got {flat.Length}.", nameof(flat));
        int index = flat.IndexOf(1.0);
        if (index < 0) throw new ArgumentException($"A flattened {this} element must be one-hot (contain a 1).", nameof(flat));
        return Start + index;
    }

    protected override string Hint(int value) => $"Valid values are {Start} to {Start + N - 1}.";

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
