using DotGym.Envs.ToyText;
using DotGym.Registration;
using FsCheck.Xunit;

namespace DotGym.Tests.ToyText;

/// <summary>Transition tables, registrations, renders and bad input of the toy-text envs.</summary>
public class ToyTextTests
{
    private static void SameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));

    [Fact]
    public void FrozenLake_slippery_row_has_gymnasium_probabilities_and_outcomes()
    {
        var env = new FrozenLakeEnv();
        var outcomes = env.Transitions(14, FrozenLakeEnv.Right);
        Assert.Equal([14, 15, 10], outcomes.Select(o => o.NextState));
        Assert.Equal([0.0, 1.0, 0.0], outcomes.Select(o => o.Reward));
        Assert.Equal([false, true, false], outcomes.Select(o => o.Terminated));
        SameBits(0.33333333333333337, outcomes[0].Probability);
        SameBits(0.3333333333333333, outcomes[1].Probability);
        SameBits(0.33333333333333337, outcomes[2].Probability);
        Assert.Equal([new Transition(1.0, 5, 0, true)], env.Transitions(5, FrozenLakeEnv.Left)); // a hole absorbs
    }

    [Fact]
    public void FrozenLake_custom_desc_success_rate_and_reward_schedule_apply()
    {
        var env = new FrozenLakeEnv(desc: ["SFH", "FFG"], isSlippery: true, successRate: 0.8, rewardSchedule: (10, -1, -0.1));
        Assert.Equal(6, ((DotGym.Spaces.Discrete)env.ObservationSpace).N);
        var right = env.Transitions(1, FrozenLakeEnv.Right); // from (0,1): down, right (hole), up (stay)
        Assert.Equal([4, 2, 1], right.Select(o => o.NextState));
        Assert.Equal([-0.1, -1.0, -0.1], right.Select(o => o.Reward));
        Assert.Equal([(1 - 0.8) / 2, 0.8, (1 - 0.8) / 2], right.Select(o => o.Probability));
        var down = env.Transitions(4, FrozenLakeEnv.Right);
        Assert.Equal(new Transition(0.8, 5, 10, true), down[1]);
    }

    [Fact]
    public void FrozenLake_non_slippery_walks_to_the_goal()
    {
        var env = new FrozenLakeEnv(isSlippery: false);
        env.Reset(seed: 3);
        int[] path = [FrozenLakeEnv.Right, FrozenLakeEnv.Right, FrozenLakeEnv.Down, FrozenLakeEnv.Down, FrozenLakeEnv.Down, FrozenLakeEnv.Right];
        StepResult<int> last = default;
        foreach (var a in path) last = env.Step(a);
        Assert.Equal(15, last.Observation);
        Assert.Equal(1.0, last.Reward);
        Assert.True(last.Terminated);
        Assert.Equal(1.0, last.Info["prob"]);
    }

    [Theory]
    [InlineData(new[] { "SFF", "FF" }, "row 1")]
    [InlineData(new[] { "SFX", "FFG" }, "column 2")]
    [InlineData(new[] { "FFF", "FFG" }, "no start")]
    public void FrozenLake_bad_desc_is_named(string[] desc, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new FrozenLakeEnv(desc: desc));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FrozenLake_bad_arguments_fail_clearly()
    {
        Assert.Contains("4x4", Assert.Throws<ArgumentException>(() => new FrozenLakeEnv(mapName: "5x5")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrozenLakeEnv(successRate: 1.5));
        var typo = Assert.Throws<ArgumentException>(() => Gym.Make("FrozenLake-v1", new Dictionary<string, object> { ["is_slipery"] = false }));
        Assert.Contains("is_slipery", typo.Message);
        Assert.Contains("render_mode", Assert.Throws<ArgumentException>(() => new FrozenLakeEnv(renderMode: "human")).Message.Replace("(or null)", "render_mode"));
    }

    [Fact]
    public void FrozenLake_accepts_desc_and_reward_schedule_kwargs()
    {
        var env = Gym.Make<int, int>("FrozenLake-v1", new Dictionary<string, object>
        {
            ["desc"] = "SG\nFF", ["is_slippery"] = false, ["reward_schedule"] = new[] { 5, 0, 0 },
        });
        env.Reset(seed: 0);
        var step = env.Step(FrozenLakeEnv.Right);
        Assert.Equal((1, 5.0, true), (step.Observation, step.Reward, step.Terminated));
    }

    [Fact]
    public void FrozenLake_renders_gymnasium_text_and_an_image()
    {
        var env = new FrozenLakeEnv(isSlippery: false, renderMode: RenderModes.Ansi);
        env.Reset(seed: 0);
        Assert.Equal("\n\u001b[41mS\u001b[0mFFF\nFHFH\nFFFH\nHFFG\n", env.Render()!.Text);
        env.Step(FrozenLakeEnv.Right);
        Assert.Equal("  (Right)\nS\u001b[41mF\u001b[0mFF\nFHFH\nFFFH\nHFFG\n", env.Render()!.Text);

        var image = new FrozenLakeEnv(mapName: "8x8", renderMode: RenderModes.RgbArray);
        image.Reset(seed: 0);
        var frame = image.Render()!.Image!;
        Assert.Equal((512, 512), (frame.Width, frame.Height));
    }

    [Property(MaxTest = 30)]
    public bool Random_maps_are_valid(int seed, byte sizeByte, byte pByte)
    {
        int size = 2 + sizeByte % 9;
        double p = 0.5 + pByte / 510.0;
        long nonNegativeSeed = seed & int.MaxValue; // seeds must be >= 0, as in Gymnasium
        var map = FrozenLakeMaps.GenerateRandomMap(size, p, nonNegativeSeed);
        var board = new char[size, size];
        for (int r = 0; r < size; r++) for (int c = 0; c < size; c++) board[r, c] = map[r][c];
        return map.Length == size && map.All(row => row.Length == size && row.All(ch => "SFHG".Contains(ch)))
            && map[0][0] == 'S' && map[size - 1][size - 1] == 'G' && FrozenLakeMaps.IsValid(board, size)
            && map.SequenceEqual(FrozenLakeMaps.GenerateRandomMap(size, p, nonNegativeSeed));
    }

    [Fact]
    public void Random_map_rejects_impossible_requests()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrozenLakeMaps.GenerateRandomMap(1, 0.8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrozenLakeMaps.GenerateRandomMap(8, 0, 0));
    }

    [Fact]
    public void CliffWalking_tables_match_gymnasium()
    {
        Assert.Equal([new Transition(1.0, 36, -100, false)], new CliffWalkingEnv().Transitions(36, CliffWalkingEnv.Right));
        Assert.Equal([new Transition(1.0, 47, -1, true)], new CliffWalkingEnv().Transitions(35, CliffWalkingEnv.Down));
        var slippery = new CliffWalkingEnv(isSlippery: true).Transitions(36, CliffWalkingEnv.Up);
        Assert.Equal([(36, -1.0), (24, -1.0), (36, -100.0)], slippery.Select(o => (o.NextState, o.Reward)));
        Assert.All(slippery, o => SameBits(0.3333333333333333, o.Probability));
    }

    [Fact]
    public void CliffWalking_renders_gymnasium_text()
    {
        var env = new CliffWalkingEnv(renderMode: RenderModes.Ansi);
        env.Reset(seed: 0);
        const string row = "o  o  o  o  o  o  o  o  o  o  o  o\n";
        Assert.Equal(row + row + row + "x  C  C  C  C  C  C  C  C  C  C  T\n\n", env.Render()!.Text);
        var image = new CliffWalkingEnv(renderMode: RenderModes.RgbArray);
        image.Reset(seed: 0);
        Assert.Equal((720, 240), (image.Render()!.Image!.Width, image.Render()!.Image!.Height));
    }

    [Fact]
    public void Taxi_tables_masks_and_starts_match_gymnasium()
    {
        var env = new TaxiEnv();
        Assert.Equal([new Transition(1.0, 17, -1, false)], env.Transitions(1, TaxiEnv.Pickup));
        Assert.Equal([new Transition(1.0, 85, 20, true)], env.Transitions(97, TaxiEnv.Dropoff));
        Span<byte> mask = stackalloc byte[6];
        TaxiEnv.ActionMask(1, mask);
        Assert.Equal([1, 0, 1, 0, 1, 0], mask.ToArray());
        TaxiEnv.ActionMask(17, mask);
        Assert.Equal([1, 0, 1, 0, 0, 1], mask.ToArray());
        TaxiEnv.ActionMask(21, mask);
        Assert.Equal([1, 0, 0, 1, 0, 0], mask.ToArray());
        Assert.Equal((2, 1, 4, 3), TaxiEnv.Decode(TaxiEnv.Encode(2, 1, 4, 3)));

        var starts = new HashSet<int>();
        for (int seed = 0; seed < 3000; seed++) starts.Add(env.Reset(seed).Observation);
        Assert.Equal(300, starts.Count);
        Assert.All(starts, s => Assert.NotEqual(TaxiEnv.Decode(s).PassengerLocation, TaxiEnv.Decode(s).Destination));
    }

    [Fact]
    public void Taxi_rainy_moves_veer_only_when_the_taxi_can_move()
    {
        var env = new TaxiEnv(isRainy: true);
        Assert.Equal([101, 21, 1], env.Transitions(1, TaxiEnv.South).Select(o => o.NextState));
        Assert.Equal([0.8, 0.09999999999999998, 0.09999999999999998], env.Transitions(1, TaxiEnv.South).Select(o => o.Probability));
        Assert.Equal([21, 21, 21], env.Transitions(21, TaxiEnv.East).Select(o => o.NextState));
        Assert.Single(env.Transitions(1, TaxiEnv.Pickup));
    }

    [Fact]
    public void Taxi_fickle_passenger_changes_destination_once_after_moving_on_board()
    {
        var env = new TaxiEnv(ficklePassenger: true, fickleProbability: 1.0);
        env.Reset(seed: 0);
        env.SetState(TaxiEnv.Encode(0, 0, TaxiEnv.InTaxi, 1));
        var moved = env.Step(TaxiEnv.South);
        var (row, col, passenger, destination) = TaxiEnv.Decode(moved.Observation);
        Assert.Equal((1, 0, TaxiEnv.InTaxi), (row, col, passenger));
        Assert.NotEqual(1, destination);
        var again = env.Step(TaxiEnv.North);
        Assert.Equal(destination, TaxiEnv.Decode(again.Observation).Destination);
    }

    [Fact]
    public void Taxi_renders_gymnasium_text()
    {
        var env = new TaxiEnv(renderMode: RenderModes.Ansi);
        env.Reset(seed: 0);
        env.SetState(223);
        Assert.Equal("+---------+\n|\u001b[34;1mR\u001b[0m: | : :G|\n| : | : : |\n| :\u001b[43m \u001b[0m: : : |\n| | : | : |\n|Y| : |\u001b[35mB\u001b[0m: |\n+---------+\n\n",
            env.Render()!.Text);
        env.SetState(3);
        Assert.Equal("+---------+\n|\u001b[34;1m\u001b[43mR\u001b[0m\u001b[0m: | : :G|\n| : | : : |\n| : : : : |\n| | : | : |\n|Y| : |\u001b[35mB\u001b[0m: |\n+---------+\n\n",
            env.Render()!.Text);
        env.SetState(219);
        env.Step(TaxiEnv.East);
        Assert.Equal("+---------+\n|R: | : :G|\n| : | : : |\n| :\u001b[42m_\u001b[0m: : : |\n| | : | : |\n|Y| : |\u001b[35mB\u001b[0m: |\n+---------+\n  (East)\n",
            env.Render()!.Text);
        var image = new TaxiEnv(renderMode: RenderModes.RgbArray);
        image.Reset(seed: 0);
        Assert.Equal((550, 350), (image.Render()!.Image!.Width, image.Render()!.Image!.Height));
    }

    [Fact]
    public void Taxi_steps_reuse_one_info_and_mask_buffer()
    {
        var env = new TaxiEnv();
        var reset = env.Reset(seed: 1);
        var step = env.Step(TaxiEnv.North);
        Assert.Same(reset.Info, step.Info);
        Assert.Same(reset.Info["action_mask"], step.Info["action_mask"]);
    }

    [Fact]
    public void Blackjack_rules_follow_gymnasium()
    {
        Assert.True(BlackjackEnv.IsNatural([10, 1]));
        Assert.False(BlackjackEnv.IsNatural([10, 1, 10]));
        Assert.Equal(21, BlackjackEnv.SumHand([1, 10]));
        Assert.Equal(12, BlackjackEnv.SumHand([1, 1]));
        Assert.True(BlackjackEnv.UsableAce([1, 5]));
        Assert.False(BlackjackEnv.UsableAce([1, 5, 10]));
        Assert.Equal(0, BlackjackEnv.Score([10, 10, 5]));
    }

    [Fact]
    public void Blackjack_natural_pays_one_and_a_half_without_sab()
    {
        // Find a seeded deal where the player has a natural and the dealer does not, then stick.
        for (int seed = 0; seed < 5000; seed++)
        {
            var env = new BlackjackEnv(natural: true);
            var obs = env.Reset(seed).Observation;
            if (!BlackjackEnv.IsNatural(env.PlayerHand) || BlackjackEnv.IsNatural(env.DealerHand)) continue;
            Assert.Equal(new BlackjackObservation(21, env.DealerHand[0], 1), obs);
            var result = env.Step(BlackjackEnv.Stick);
            double expected = BlackjackEnv.Score(env.DealerHand) == 21 ? 0.0 : 1.5;
            Assert.Equal(expected, result.Reward);
            var sab = new BlackjackEnv(natural: true, sab: true);
            sab.Reset(seed);
            Assert.Equal(1.0, sab.Step(BlackjackEnv.Stick).Reward);
            return;
        }
        Assert.Fail("no natural dealt in 5000 seeds");
    }

    [Fact]
    public void Blackjack_observation_space_samples_flattens_and_renders()
    {
        var space = new BlackjackObservationSpace();
        space.Seed(7);
        var sample = space.Sample();
        Assert.True(space.Contains(sample));
        Assert.Equal(sample, space.Unflatten(space.Flatten(sample)));
        Assert.Equal(45, space.Flatten(sample).Length);
        Assert.False(space.Contains(new BlackjackObservation(32, 0, 0)));
        var env = new BlackjackEnv(renderMode: RenderModes.Ansi);
        env.Reset(seed: 0);
        Assert.StartsWith("Dealer: ", env.Render()!.Text);
        Assert.Throws<InvalidOperationException>(() => new BlackjackEnv().Step(0));
    }

    [Fact]
    public void Registrations_match_gymnasium()
    {
        var expected = new (string Id, int? Steps, double? Threshold)[]
        {
            ("FrozenLake-v1", 100, 0.70), ("FrozenLake8x8-v1", 200, 0.85), ("CliffWalking-v1", null, null),
            ("CliffWalkingSlippery-v1", null, null), ("Taxi-v4", 200, 8), ("Blackjack-v1", null, null),
        };
        foreach (var (id, steps, threshold) in expected)
        {
            var spec = Gym.Spec(id);
            Assert.Equal((steps, threshold), (spec.MaxEpisodeSteps, spec.RewardThreshold));
        }
        Assert.Equal(64, ((DotGym.Spaces.Discrete)Gym.Make("FrozenLake8x8-v1").ObservationSpace).N);
        Assert.True(((CliffWalkingEnv)Gym.Make("CliffWalkingSlippery-v1").Unwrapped).IsSlippery);
        var blackjack = (BlackjackEnv)Gym.Make("Blackjack-v1").Unwrapped;
        Assert.Equal((true, false), (blackjack.Sab, blackjack.Natural));
    }

    [Fact]
    public void Stepping_before_reset_or_with_a_bad_action_fails_clearly()
    {
        Assert.Contains("Reset", Assert.Throws<InvalidOperationException>(() => new FrozenLakeEnv().Step(0)).Message);
        var env = new CliffWalkingEnv();
        env.Reset(seed: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(4));
    }
}
