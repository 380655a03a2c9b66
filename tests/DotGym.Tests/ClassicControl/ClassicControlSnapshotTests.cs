using DotGym.Envs.ClassicControl;
using DotGym.Random;
using DotGym.Registration;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// Save/LoadState of the classic-control envs: a snapshot restored into a fresh env continues bit-identically
/// (observations, rewards, flags, and the episodes the env's generator starts afterwards).
/// </summary>
public class ClassicControlSnapshotTests
{
    private const int StepsBeforeSnapshot = 137;
    private const int StepsAfterSnapshot = 900; // crosses even MountainCarContinuous's 999-step limit

    public static TheoryData<string> DiscreteIds => new() { "CartPole-v0", "CartPole-v1", "MountainCar-v0", "Acrobot-v1" };
    public static TheoryData<string> ContinuousIds => new() { "MountainCarContinuous-v0", "Pendulum-v1" };

    [Theory, MemberData(nameof(DiscreteIds))]
    public void MadeDiscreteEnvResumesBitIdentically(string id) =>
        AssertResumesBitIdentically(() => Gym.Make<float[], int>(id), DiscreteAction(id.StartsWith("CartPole", StringComparison.Ordinal) ? 2 : 3), expectEpisodeEnds: true);

    [Theory, MemberData(nameof(ContinuousIds))]
    public void MadeContinuousEnvResumesBitIdentically(string id) =>
        AssertResumesBitIdentically(() => Gym.Make<float[], float[]>(id), ContinuousAction(id == "Pendulum-v1" ? 3f : 1.5f), expectEpisodeEnds: true);

    [Fact]
    public void RawCartPoleResumesBitIdentically() => AssertResumesBitIdentically(() => new CartPoleEnv(), DiscreteAction(2), expectEpisodeEnds: true);

    [Fact]
    public void RawSuttonBartoCartPoleResumesBitIdentically() =>
        AssertResumesBitIdentically(() => new CartPoleEnv(suttonBartoReward: true), DiscreteAction(2));

    [Fact]
    public void RawMountainCarResumesBitIdentically() => AssertResumesBitIdentically(() => new MountainCarEnv(goalVelocity: 0.01), DiscreteAction(3));

    [Fact]
    public void RawAcrobotResumesBitIdentically() => AssertResumesBitIdentically(() => new AcrobotEnv(), DiscreteAction(3));

    [Fact]
    public void RawContinuousMountainCarResumesBitIdentically() =>
        AssertResumesBitIdentically(() => new ContinuousMountainCarEnv(), ContinuousAction(1.5f));

    [Fact]
    public void RawPendulumResumesBitIdentically() => AssertResumesBitIdentically(() => new PendulumEnv(g: 9.81), ContinuousAction(3f));

    [Fact]
    public void AcrobotSnapshotCarriesTheDynamicsChoice()
    {
        AssertResumesBitIdentically(() => new AcrobotEnv { UseNipsDynamics = true }, DiscreteAction(3));
        var saved = new AcrobotEnv { UseNipsDynamics = true };
        saved.Reset(seed: 1);
        var restored = new AcrobotEnv();
        Restore(Snapshot(saved), restored);
        Assert.True(restored.UseNipsDynamics);
    }

    [Fact]
    public void CartPoleSnapshotAfterTerminationKeepsTheStepsBeyondCounter()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 5);
        while (!env.Step(1).Terminated) { }
        env.Step(1);
        var restored = new CartPoleEnv();
        Restore(Snapshot(env), restored);
        Assert.Equal(1, restored.StepsBeyondTerminated);
        var expected = env.Step(0);
        var actual = restored.Step(0);
        Assert.Equal(0.0, actual.Reward);
        Assert.Equal(expected.Reward, actual.Reward);
        Assert.Equal(env.StepsBeyondTerminated, restored.StepsBeyondTerminated);
    }

    [Fact]
    public void SnapshotOfANeverResetEnvRestoresTheNeedToReset()
    {
        var restored = new CartPoleEnv();
        restored.Reset(seed: 2);
        Restore(Snapshot(new CartPoleEnv()), restored);
        Assert.Throws<DotGym.Wrappers.ResetNeededException>(() => restored.Step(0));
    }

    [Fact]
    public void AllClassicControlEnvsAdvertiseSnapshots()
    {
        foreach (var id in new[] { "CartPole-v0", "CartPole-v1", "MountainCar-v0", "Acrobot-v1", "MountainCarContinuous-v0", "Pendulum-v1" })
        {
            using var env = Gym.Make(id);
            Assert.True(env.Accept(new SupportsSnapshot()), id);
        }
    }

    [Fact]
    public void SnapshotOfAnotherEnvIsRejectedClearly()
    {
        var cartPole = new CartPoleEnv();
        cartPole.Reset(seed: 0);
        var e = Assert.Throws<InvalidDataException>(() => Restore(Snapshot(cartPole), new PendulumEnv()));
        Assert.Contains("CartPole", e.Message);
        Assert.Contains("Pendulum", e.Message);
    }

    [Fact]
    public void SnapshotWithOtherSettingsIsRejectedClearly()
    {
        var suttonBarto = new CartPoleEnv(suttonBartoReward: true);
        suttonBarto.Reset(seed: 0);
        var e = Assert.Throws<InvalidDataException>(() => Restore(Snapshot(suttonBarto), new CartPoleEnv()));
        Assert.Contains("sutton_barto_reward", e.Message);

        var heavy = new PendulumEnv(g: 20);
        heavy.Reset(seed: 0);
        Assert.Contains("g = 20", Assert.Throws<InvalidDataException>(() => Restore(Snapshot(heavy), new PendulumEnv())).Message);
    }

    private static Func<NpGenerator, int> DiscreteAction(int n) => rng => (int)rng.Integers(n);

    // Wider than the action space on purpose: the envs clip, and the snapshot must not change that.
    private static Func<NpGenerator, float[]> ContinuousAction(float bound) => rng => [(float)rng.Uniform(-bound, bound)];

    /// <summary>k steps, snapshot, m recorded steps; then a fresh env made by <paramref name="create"/> restores and replays.</summary>
    private static void AssertResumesBitIdentically<TAct>(Func<Env<float[], TAct>> create, Func<NpGenerator, TAct> action, bool expectEpisodeEnds = false)
    {
        using var original = create();
        Assert.True(original.SupportsStateSnapshot);
        var actions = Seeding.NpRandom(11).Generator;
        original.Reset(seed: 42);
        for (int t = 0; t < StepsBeforeSnapshot; t++)
        {
            var step = original.Step(action(actions));
            if (step.Terminated || step.Truncated) original.Reset();
        }
        byte[] snapshot = Snapshot(original);
        var actionsAtSnapshot = Snapshot(actions);

        var expected = Record(original, action, actions);

        using var restored = create();
        Restore(snapshot, restored);
        var replayActions = Seeding.NpRandom(0).Generator;
        using (var reader = new BinaryReader(new MemoryStream(actionsAtSnapshot))) replayActions.LoadState(reader);
        var actual = Record(restored, action, replayActions);

        if (expectEpisodeEnds) Assert.Contains(expected, line => line.Contains("reset", StringComparison.Ordinal));
        for (int t = 0; t < expected.Count; t++) Assert.True(expected[t] == actual[t], $"step {t}: expected {expected[t]}, got {actual[t]}");
    }

    private static List<string> Record<TAct>(Env<float[], TAct> env, Func<NpGenerator, TAct> action, NpGenerator actions)
    {
        var log = new List<string>(StepsAfterSnapshot);
        for (int t = 0; t < StepsAfterSnapshot; t++)
        {
            var step = env.Step(action(actions));
            string line = $"{Bits(step.Observation)} r={BitConverter.DoubleToInt64Bits(step.Reward):X} term={step.Terminated} trunc={step.Truncated}";
            if (step.Terminated || step.Truncated) line += $" reset {Bits(env.Reset().Observation)}";
            log.Add(line);
        }
        return log;
    }

    private static string Bits(float[] observation) => string.Join(",", observation.Select(v => BitConverter.SingleToInt32Bits(v).ToString("X8")));

    private static byte[] Snapshot<TObs, TAct>(Env<TObs, TAct> env)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) env.SaveState(writer);
        return stream.ToArray();
    }

    private static byte[] Snapshot(NpGenerator generator)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) generator.SaveState(writer);
        return stream.ToArray();
    }

    private static void Restore<TObs, TAct>(byte[] snapshot, Env<TObs, TAct> env)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        env.LoadState(reader);
        Assert.Equal(snapshot.Length, reader.BaseStream.Position); // everything written was read back
    }

    private sealed class SupportsSnapshot : IEnvVisitor<bool>
    {
        public bool Visit<TObs, TAct>(Env<TObs, TAct> env) => env.SupportsStateSnapshot;
    }
}
