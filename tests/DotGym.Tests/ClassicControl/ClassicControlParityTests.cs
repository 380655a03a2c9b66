using System.Text.Json;
using DotGym.Envs.ClassicControl;
using DotGym.Registration;
using DotGym.Tests.Reference;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// Every reset and rollout record of classic_control.json (Gymnasium 1.4, numpy 1.24): float32 observation bits,
/// float64 state bits, reward bits, flags and infos, through <c>Gym.Make</c>'s wrappers, with seeded
/// <c>action_space.sample()</c> and unseeded resets after each episode end.
/// </summary>
public class ClassicControlParityTests
{
    private const string File = "classic_control.json";
    private static readonly Lazy<JsonDocument> Document = new(() => ReferenceData.Load(File));

    public static IEnumerable<object[]> Resets => ReferenceData.Indices(File, "resets");
    public static IEnumerable<object[]> Rollouts => ReferenceData.Indices(File, "rollouts");

    private static JsonElement Record(string array, int index) => Document.Value.RootElement.GetProperty(array)[index];

    [Fact]
    public void ReferenceFileCoversEveryClassicControlEnv()
    {
        var ids = Document.Value.RootElement.GetProperty("rollouts").EnumerateArray().Select(r => r.GetProperty("env").GetString()).ToHashSet();
        Assert.Equal(["Acrobot-v1", "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"], ids.Order());
    }

    [Theory, MemberData(nameof(Resets))]
    public void SeededResetMatchesGymnasium(int index)
    {
        var record = Record("resets", index);
        string id = record.GetProperty("env").GetString()!;
        long seed = record.GetProperty("seed").GetInt64();
        using var env = Gym.Make(id);
        var (obs, info) = env.Accept(new ResetOnce(seed));
        string where = $"{id} reset(seed={seed})";
        AssertObservation(record.GetProperty("obs_bits"), obs, where);
        AssertState(record.GetProperty("state"), env, where);
        Assert.Empty(info);
    }

    [Theory, MemberData(nameof(Rollouts))]
    public void RolloutMatchesGymnasium(int index)
    {
        var record = Record("rollouts", index);
        string id = record.GetProperty("env").GetString()!;
        long seed = record.GetProperty("seed").GetInt64();
        if (id == "MountainCarContinuous-v0" || id == "Pendulum-v1")
            Replay(Gym.Make<float[], float[]>(id), record, seed, (expected, action) =>
            {
                var bits = expected.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32()).ToArray();
                Assert.Equal(bits, action.Select(BitConverter.SingleToUInt32Bits).ToArray());
            });
        else
            Replay(Gym.Make<float[], int>(id), record, seed, (expected, action) => Assert.Equal(expected.GetInt32(), action));
    }

    private static void Replay<TAct>(Env<float[], TAct> env, JsonElement record, long seed, Action<JsonElement, TAct> assertAction)
    {
        using var _ = env;
        string id = record.GetProperty("env").GetString()!;
        var (resetObs, resetInfo) = env.Reset(seed);
        env.ActionSpace.Seed(seed);
        AssertObservation(record.GetProperty("reset_obs_bits"), resetObs, $"{id} seed {seed} first reset");
        AssertState(record.GetProperty("reset_state"), env, $"{id} seed {seed} first reset");
        Assert.Empty(resetInfo);

        int steps = 0, autoResets = 0;
        foreach (var step in record.GetProperty("steps").EnumerateArray())
        {
            string where = $"{id} seed {seed} step t={step.GetProperty("t").GetInt32()}";
            var action = env.ActionSpace.Sample();
            assertAction(step.GetProperty("action"), action);
            var result = env.Step(action);
            AssertObservation(step.GetProperty("obs_bits"), result.Observation, where);
            Assert.True(BitConverter.DoubleToInt64Bits(ReferenceData.AsDouble(step.GetProperty("reward"))) == BitConverter.DoubleToInt64Bits(result.Reward),
                $"{where}: reward {result.Reward:R}, Gymnasium {ReferenceData.AsDouble(step.GetProperty("reward")):R}");
            Assert.Equal(step.GetProperty("terminated").GetBoolean(), result.Terminated);
            Assert.Equal(step.GetProperty("truncated").GetBoolean(), result.Truncated);
            AssertState(step.GetProperty("state"), env, where);
            Assert.Empty(result.Info);
            steps++;

            Assert.Equal(result.Terminated || result.Truncated, step.TryGetProperty("reset", out var reset));
            if (result.Terminated || result.Truncated)
            {
                var (obs, info) = env.Reset();
                AssertObservation(reset.GetProperty("obs_bits"), obs, $"{where} reset");
                AssertState(reset.GetProperty("state"), env, $"{where} reset");
                Assert.Empty(info);
                autoResets++;
            }
        }
        Assert.Equal(record.GetProperty("num_steps").GetInt32(), steps);
        Assert.Equal(record.GetProperty("num_auto_resets").GetInt32(), autoResets);
    }

    internal static void AssertObservation(JsonElement expectedBits, float[] actual, string where)
    {
        var expected = expectedBits.EnumerateArray().Select(b => b.GetUInt32()).ToArray();
        var bits = actual.Select(BitConverter.SingleToUInt32Bits).ToArray();
        Assert.True(expected.SequenceEqual(bits),
            $"{where}: observation [{string.Join(", ", actual.Select(v => v.ToString("R")))}] differs from Gymnasium's [{string.Join(", ", expected.Select(b => BitConverter.UInt32BitsToSingle(b).ToString("R")))}]");
    }

    internal static void AssertState(JsonElement expectedState, IEnv env, string where)
    {
        var expected = expectedState.EnumerateArray().Select(ReferenceData.AsDouble).ToArray();
        var actual = ((IPhysicalState)env.Unwrapped).GetState();
        Assert.True(expected.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(actual.Select(BitConverter.DoubleToInt64Bits)),
            $"{where}: state [{string.Join(", ", actual.Select(v => v.ToString("R")))}] differs from Gymnasium's [{string.Join(", ", expected.Select(v => v.ToString("R")))}]");
    }

    private sealed class ResetOnce(long seed) : IEnvVisitor<(float[] Observation, IReadOnlyDictionary<string, object> Info)>
    {
        public (float[] Observation, IReadOnlyDictionary<string, object> Info) Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            var (obs, info) = env.Reset(seed);
            return ((float[])(object)obs!, info);
        }
    }
}
