using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ToyText;

/// <summary>
/// Blackjack-v1 (Gymnasium 1.4, Sutton &amp; Barto example 5.1) with an infinite deck: beat the dealer by getting
/// closer to 21 without going over.
/// <para>Actions: 0 stick, 1 hit. Observation: <see cref="BlackjackObservation"/>. Reward +1 win, −1 loss, 0 draw;
/// +1.5 for a winning natural when <c>natural</c> is set (and <c>sab</c> is not). With <c>sab</c> (the registered
/// default) a natural beats any non-natural dealer hand. Terminates on a bust or a stick. Info is empty.</para>
/// <para>Rendering: Gymnasium draws Blackjack with card images only; DotGym adds a one-line <c>ansi</c> text.</para>
/// </summary>
public sealed class BlackjackEnv : Env<BlackjackObservation, int>
{
    public const int Stick = 0, Hit = 1;
    private static readonly int[] Deck = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10];
    private static readonly string[] Suits = ["C", "D", "H", "S"];
    private static readonly string[] FaceCards = ["J", "Q", "K"];
    private static readonly EnvMetadata Meta = new() { RenderModes = [RenderModes.Ansi], RenderFps = 4 };

    private readonly BlackjackObservationSpace _observationSpace = new();
    private readonly Discrete _actionSpace = new(2);
    // A hand never holds more than 21 cards before busting (21 aces); buffers keep steps allocation-free.
    private readonly int[] _player = new int[22];
    private readonly int[] _dealer = new int[22];
    private int _playerCount, _dealerCount;
    private string _dealerTopSuit = "";
    private string _dealerTopValue = "";

    /// <summary>Creates the env.</summary>
    /// <param name="natural">Pay 1.5 for a winning natural blackjack (ignored when <paramref name="sab"/>).</param>
    /// <param name="sab">Follow Sutton &amp; Barto exactly: a natural wins unless the dealer also has one.</param>
    /// <param name="renderMode">"ansi" or null.</param>
    public BlackjackEnv(bool natural = false, bool sab = false, string? renderMode = null)
    {
        if (renderMode is not null && !Meta.RenderModes.Contains(renderMode))
            throw new ArgumentException($"Blackjack cannot render '{renderMode}'. Choose \"ansi\" (or null).", nameof(renderMode));
        Natural = natural;
        Sab = sab;
        RenderMode = renderMode;
    }

    /// <summary>Creates the env from Gymnasium-style keyword arguments (natural, sab, render_mode).</summary>
    public static BlackjackEnv FromKwargs(IReadOnlyDictionary<string, object>? kwargs)
    {
        var k = new Kwargs(kwargs, "Blackjack");
        var natural = k.Get("natural", false);
        var sab = k.Get("sab", false);
        var renderMode = k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new BlackjackEnv(natural, sab, renderMode);
    }

    public override Space<BlackjackObservation> ObservationSpace => _observationSpace;
    public override Space<int> ActionSpace => _actionSpace;
    public override EnvMetadata Metadata => Meta;

    public bool Natural { get; }
    public bool Sab { get; }

    /// <summary>The player's cards (1 = ace, 10 = ten or face card).</summary>
    public ReadOnlySpan<int> PlayerHand => _player.AsSpan(0, _playerCount);

    /// <summary>The dealer's cards; the first is face up.</summary>
    public ReadOnlySpan<int> DealerHand => _dealer.AsSpan(0, _dealerCount);

    public override ResetResult<BlackjackObservation> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _dealerCount = _playerCount = 0;
        _dealer[_dealerCount++] = DrawCard();
        _dealer[_dealerCount++] = DrawCard();
        _player[_playerCount++] = DrawCard();
        _player[_playerCount++] = DrawCard();
        // Gymnasium picks the face-up card's suit (and face) for its picture; the draws are kept so seeds line up.
        _dealerTopSuit = NpRandom.Choice(Suits);
        _dealerTopValue = _dealer[0] switch
        {
            1 => "A",
            10 => NpRandom.Choice(FaceCards),
            var v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new ResetResult<BlackjackObservation>(Observation(), Infos.Empty);
    }

    public override StepResult<BlackjackObservation> Step(int action)
    {
        if (_playerCount == 0) throw new InvalidOperationException("Blackjack: call Reset() before Step().");
        _actionSpace.EnsureContains(action);
        bool terminated;
        double reward;
        var player = PlayerHand;
        if (action == Hit)
        {
            if (_playerCount == _player.Length)
                throw new InvalidOperationException("Blackjack: the player's hand is full because the episode already ended in a bust; call Reset().");
            _player[_playerCount++] = DrawCard();
            player = PlayerHand;
            terminated = IsBust(player);
            reward = terminated ? -1.0 : 0.0;
        }
        else
        {
            terminated = true;
            while (SumHand(DealerHand) < 17) _dealer[_dealerCount++] = DrawCard();
            int playerScore = Score(player), dealerScore = Score(DealerHand);
            reward = playerScore > dealerScore ? 1.0 : playerScore < dealerScore ? -1.0 : 0.0;
            if (Sab && IsNatural(player) && !IsNatural(DealerHand)) reward = 1.0;
            else if (!Sab && Natural && IsNatural(player) && reward == 1.0) reward = 1.5;
        }
        return new StepResult<BlackjackObservation>(Observation(), reward, terminated, false, Infos.Empty);
    }

    public override RenderFrame? Render()
    {
        if (RenderMode != RenderModes.Ansi) return null;
        if (_playerCount == 0) throw new InvalidOperationException("Blackjack: call Reset() before Render().");
        var obs = Observation();
        return RenderFrame.FromText(
            $"Dealer: {obs.DealerCard} ({_dealerTopValue}{_dealerTopSuit})\nPlayer: {obs.PlayerSum}{(obs.HasUsableAce ? " (usable ace)" : "")}\n");
    }

    private int DrawCard() => NpRandom.Choice(Deck);

    private BlackjackObservation Observation() => new(SumHand(PlayerHand), _dealer[0], UsableAce(PlayerHand) ? 1 : 0);

    private static int Sum(ReadOnlySpan<int> hand)
    {
        int sum = 0;
        foreach (var card in hand) sum += card;
        return sum;
    }

    /// <summary>An ace counts as 11 when that keeps the hand at 21 or less.</summary>
    public static bool UsableAce(ReadOnlySpan<int> hand) => hand.Contains(1) && Sum(hand) + 10 <= 21;

    public static int SumHand(ReadOnlySpan<int> hand) => UsableAce(hand) ? Sum(hand) + 10 : Sum(hand);

    public static bool IsBust(ReadOnlySpan<int> hand) => SumHand(hand) > 21;

    public static int Score(ReadOnlySpan<int> hand) => IsBust(hand) ? 0 : SumHand(hand);

    /// <summary>Exactly an ace and a ten-valued card.</summary>
    public static bool IsNatural(ReadOnlySpan<int> hand) =>
        hand.Length == 2 && ((hand[0] == 1 && hand[1] == 10) || (hand[0] == 10 && hand[1] == 1));
}
