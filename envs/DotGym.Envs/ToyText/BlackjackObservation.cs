using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Envs.ToyText;

/// <summary>What the Blackjack player sees (Gymnasium's tuple <c>(player_sum, dealer_card, usable_ace)</c>).</summary>
/// <param name="PlayerSum">The player's hand total (an ace counts 11 when that does not bust).</param>
/// <param name="DealerCard">The dealer's face-up card, 1 (ace) to 10.</param>
/// <param name="UsableAce">1 when the player holds an ace counted as 11, else 0.</param>
public readonly record struct BlackjackObservation(int PlayerSum, int DealerCard, int UsableAce)
{
    public bool HasUsableAce => UsableAce != 0;

    public override string ToString() => $"({PlayerSum}, {DealerCard}, {UsableAce})";
}

/// <summary>
/// Gymnasium's <c>Tuple(Discrete(32), Discrete(11), Discrete(2))</c> for <see cref="BlackjackObservation"/>: each
/// part has its own generator, seeded as Gymnasium's Tuple seeds its subspaces (so samples match Gymnasium).
/// Flattens to the concatenated one-hots (32 + 11 + 2 = 45 values).
/// </summary>
public sealed class BlackjackObservationSpace : Space<BlackjackObservation>, IEquatable<BlackjackObservationSpace>
{
    public BlackjackObservationSpace() : base([]) { }

    public Discrete PlayerSum { get; } = new(32);
    public Discrete DealerCard { get; } = new(11);
    public Discrete UsableAce { get; } = new(2);

    public override int FlatDim => 32 + 11 + 2;

    /// <summary>
    /// Seeds like Gymnasium's <c>Tuple.seed</c>: a null seed reseeds each part from entropy; an int seeds this space,
    /// draws one sub-seed per part with <c>integers(2³¹ − 1)</c>, and seeds the parts with them.
    /// </summary>
    public override IReadOnlyList<BigInteger> Seed(long? seed = null)
    {
        if (seed is null) return [.. PlayerSum.Seed(), .. DealerCard.Seed(), .. UsableAce.Seed()];
        var seeds = new List<BigInteger>(base.Seed(seed));
        foreach (var part in new Discrete[] { PlayerSum, DealerCard, UsableAce })
            seeds.AddRange(part.Seed(NpRandom.Integers(int.MaxValue)));
        return seeds;
    }

    public override BlackjackObservation Sample() => new(PlayerSum.Sample(), DealerCard.Sample(), UsableAce.Sample());

    public override bool Contains(BlackjackObservation value) =>
        PlayerSum.Contains(value.PlayerSum) && DealerCard.Contains(value.DealerCard) && UsableAce.Contains(value.UsableAce);

    public override void Flatten(BlackjackObservation value, Span<double> destination)
    {
        EnsureContains(value, "value");
        if (destination.Length != FlatDim) throw new ArgumentException($"Flattening {this} needs a destination of length {FlatDim}, got {destination.Length}.", nameof(destination));
        PlayerSum.Flatten(value.PlayerSum, destination[..32]);
        DealerCard.Flatten(value.DealerCard, destination.Slice(32, 11));
        UsableAce.Flatten(value.UsableAce, destination[43..]);
    }

    public override BlackjackObservation Unflatten(ReadOnlySpan<double> flat)
    {
        if (flat.Length != FlatDim) throw new ArgumentException($"Unflattening {this} needs {FlatDim} values, got {flat.Length}.", nameof(flat));
        return new(PlayerSum.Unflatten(flat[..32]), DealerCard.Unflatten(flat.Slice(32, 11)), UsableAce.Unflatten(flat[43..]));
    }

    protected override string Hint(BlackjackObservation value) => "Player sums are 0-31, dealer cards 0-10, usable ace 0 or 1.";

    /// <summary>Every Blackjack observation space is the same set (the generators are ignored).</summary>
    public bool Equals(BlackjackObservationSpace? other) => other is not null;

    public override bool Equals(object? obj) => obj is BlackjackObservationSpace;

    public override int GetHashCode() => typeof(BlackjackObservationSpace).GetHashCode();

    public override string ToString() => "Tuple(Discrete(32), Discrete(11), Discrete(2))";
}
