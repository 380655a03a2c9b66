using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;
using DotGym.Registration;
using DotGym.Wrappers;

namespace DotGym.Tests.ToyText;

/// <summary>
/// Exact resume of the toy-text and grid-world envs: run k steps, snapshot, record m more steps, restore the snapshot
/// into a fresh env built the same way, replay the same m actions and expect bit-identical results.
/// </summary>
public class ToyTextSnapshotTests
{
    private const int StepsAfterSnapshot = 300;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    public void FrozenLake_8x8_slippery_resumes_exactly(int stepsBefore) =>
        AssertResumesExactly(() => new FrozenLakeEnv(mapName: "8x8", isSlippery: true), stepsBefore);

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public void CliffWalking_slippery_resumes_exactly(int stepsBefore) =>
        AssertResumesExactly(() => new TimeLimit<int, int>(new CliffWalkingEnv(isSlippery: true), 40), stepsBefore); // a random walk rarely ends otherwise

    [Theory]
    [InlineData(0)]
    [InlineData(41)]
    public void Taxi_rainy_and_fickle_resumes_exactly(int stepsBefore) =>
        AssertResumesExactly(() => new TimeLimit<int, int>(new TaxiEnv(isRainy: true, ficklePassenger: true, fickleProbability: 0.9), 40), stepsBefore);

    [Fact]
    public void Taxi_resumes_a_pending_fickle_destination_change()
    {
        static TaxiEnv Make() => new(ficklePassenger: true, fickleProbability: 1.0);
        var original = Make();
        original.Reset(seed: 8); // with probability 1 this episode's passenger is fickle
        original.SetState(TaxiEnv.Encode(2, 2, TaxiEnv.InTaxi, 0));
        var snapshot = Save(original);
        int expected = original.Step(TaxiEnv.South).Observation;
        Assert.NotEqual(0, TaxiEnv.Decode(expected).Destination); // the passenger changed their mind on the first move

        var restored = Make();
        Load(restored, snapshot);
        Assert.Equal(expected, restored.Step(TaxiEnv.South).Observation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20)]
    public void Blackjack_resumes_exactly_with_hands_and_face_card(int stepsBefore) =>
        AssertResumesExactly(() => new BlackjackEnv(natural: true, renderMode: "ansi"), stepsBefore, render: true);

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(30)]
    public void GridWorld_slippery_with_step_limit_resumes_exactly(int stepsBefore) =>
        AssertResumesExactly(() => GridWorld.Index(new GridWorldOptions
        {
            Map = GridMap.Parse(GridWorldPresets.LavaSlip),
            SlipProbability = 0.3,
            StepReward = -0.01,
            MaxSteps = 9, // truncations inside the recorded window prove the step counter was restored
        }), stepsBefore);

    [Theory]
    [InlineData("FrozenLake-v1")]
    [InlineData("Taxi-v4")]
    [InlineData("GridWorld-LavaSlip-v0")]
    public void Registered_envs_resume_exactly_through_their_wrappers(string id) =>
        AssertResumesExactly(() => Gym.Make<int, int>(id), 13);

    [Fact]
    public void Registered_blackjack_resumes_exactly_through_its_wrappers() =>
        AssertResumesExactly(() => Gym.Make<BlackjackObservation, int>("Blackjack-v1"), 5);

    [Fact]
    public void Every_toy_text_and_grid_world_env_supports_snapshots()
    {
        Assert.True(new FrozenLakeEnv().SupportsStateSnapshot);
        Assert.True(new CliffWalkingEnv().SupportsStateSnapshot);
        Assert.True(new TaxiEnv().SupportsStateSnapshot);
        Assert.True(new BlackjackEnv().SupportsStateSnapshot);
        Assert.True(GridWorld.OneHot(new GridWorldOptions { Map = GridMap.Parse(GridWorldPresets.Open4x4) }).SupportsStateSnapshot);
    }

    [Fact]
    public void A_snapshot_restores_before_the_first_reset_state()
    {
        var env = new FrozenLakeEnv();
        var bytes = Save(env);
        var restored = new FrozenLakeEnv();
        restored.Reset(seed: 1);
        restored.Step(FrozenLakeEnv.Down);
        Load(restored, bytes);
        Assert.Equal(-1, restored.State);
        Assert.Null(restored.LastAction);
        Assert.Throws<InvalidOperationException>(() => restored.Step(0));
    }

    [Fact]
    public void Restoring_into_another_kind_of_env_names_both()
    {
        var taxi = new TaxiEnv();
        taxi.Reset(seed: 2);
        var error = Assert.Throws<InvalidDataException>(() => Load(new FrozenLakeEnv(), Save(taxi)));
        Assert.Contains("TaxiEnv", error.Message);
        Assert.Contains("FrozenLakeEnv", error.Message);
    }

    [Fact]
    public void Restoring_into_an_env_of_another_size_says_to_build_it_the_same_way()
    {
        var big = new FrozenLakeEnv(mapName: "8x8");
        big.Reset(seed: 2);
        var error = Assert.Throws<InvalidDataException>(() => Load(new FrozenLakeEnv(mapName: "4x4"), Save(big)));
        Assert.Contains("same arguments", error.Message);
    }

    [Fact]
    public void A_corrupt_state_is_rejected()
    {
        var env = new CliffWalkingEnv();
        env.Reset(seed: 4);
        var bytes = Save(env);
        // Layout: tag (string, version, shape), generator (4 ulongs, bool, uint), then the state.
        int stateOffset = 1 + "CliffWalkingEnv".Length + 4 + 4 + 32 + 1 + 4;
        BitConverter.GetBytes(999).CopyTo(bytes, stateOffset);
        var error = Assert.Throws<InvalidDataException>(() => Load(new CliffWalkingEnv(), bytes));
        Assert.Contains("state is 999", error.Message);
    }

    private static void AssertResumesExactly<TObs>(Func<Env<TObs, int>> make, int stepsBefore, bool render = false)
    {
        var actions = new System.Random(stepsBefore + 11);
        using var original = make();
        original.Reset(seed: 123);
        original.ActionSpace.Seed(5);
        for (int t = 0; t < stepsBefore; t++)
            if (original.Step(original.ActionSpace.Sample()).Done) original.Reset();

        var snapshot = Save(original);
        var plan = new int[StepsAfterSnapshot];
        for (int t = 0; t < plan.Length; t++) plan[t] = actions.Next(((global::DotGym.Spaces.Discrete)original.ActionSpace).N);
        var expected = Replay(original, plan, render);

        using var restored = make();
        Load(restored, snapshot);
        var actual = Replay(restored, plan, render);
        Assert.Equal(expected, actual);
        Assert.Contains(expected, line => line.Contains("reset")); // the window covers episode ends too
    }

    /// <summary>Steps through <paramref name="plan"/>, resetting (unseeded: the generator continues) after each episode.</summary>
    private static List<string> Replay<TObs>(Env<TObs, int> env, int[] plan, bool render)
    {
        var lines = new List<string>(plan.Length);
        foreach (var action in plan)
        {
            var r = env.Step(action);
            string prob = r.Info.TryGetValue("prob", out var p) ? BitConverter.DoubleToInt64Bits((double)p).ToString() : "-";
            string line = $"{Describe(r.Observation)} {BitConverter.DoubleToInt64Bits(r.Reward)} {r.Terminated} {r.Truncated} {prob}";
            if (render) line += " " + env.Render()?.Text;
            if (r.Done) line += " reset " + Describe(env.Reset().Observation);
            lines.Add(line);
        }
        return lines;
    }

    private static string Describe<TObs>(TObs observation) => observation switch
    {
        float[] values => string.Join(",", values.Select(BitConverter.SingleToInt32Bits)),
        _ => observation!.ToString()!,
    };

    private static byte[] Save<TObs, TAct>(Env<TObs, TAct> env)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) env.SaveState(writer);
        return stream.ToArray();
    }

    private static void Load<TObs, TAct>(Env<TObs, TAct> env, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        env.LoadState(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position); // everything written was read back
    }
}
