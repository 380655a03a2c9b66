using System.Text.Json;
using DotGym.Registration;
using DotGym.Tests.Reference;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// Every episode of classic_control_goals.json (Gymnasium 1.4, numpy 1.24): MountainCar-v0, MountainCarContinuous-v0
/// and Acrobot-v1 driven to the goal by each record's scripted controller, so the goal's termination and its reward
/// (MountainCarContinuous's +100 bonus, Acrobot's 0) are pinned down bit for bit; random actions never get there.
/// </summary>
public class ClassicControlGoalParityTests
{
    private const string File = "classic_control_goals.json";
    private static readonly Lazy<JsonDocument> Document = new(() => ReferenceData.Load(File));

    public static IEnumerable<object[]> Rollouts => ReferenceData.Indices(File, "rollouts");

    [Fact]
    public void ReferenceFileCoversEveryGoalReachingEnv()
    {
        var rollouts = Document.Value.RootElement.GetProperty("rollouts").EnumerateArray().ToList();
        Assert.Equal(["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"], rollouts.Select(r => r.GetProperty("env").GetString()).Distinct().Order());
        Assert.All(rollouts, r => Assert.Equal("terminated", r.GetProperty("ended_by").GetString()));
    }

    [Theory, MemberData(nameof(Rollouts))]
    public void GoalEpisodeMatchesGymnasium(int index)
    {
        var record = Document.Value.RootElement.GetProperty("rollouts")[index];
        string id = record.GetProperty("env").GetString()!;
        if (id == "MountainCarContinuous-v0")
            Replay(Gym.Make<float[], float[]>(id), record, obs => [obs[1] >= 0 ? 1f : -1f], (expected, action) =>
                Assert.Equal(expected.EnumerateArray().Select(a => (float)a.GetDouble()), action));
        else
        {
            int velocity = id == "Acrobot-v1" ? 5 : 1; // the records' controllers: push the way the (last joint's) velocity points
            Replay(Gym.Make<float[], int>(id), record, obs => obs[velocity] >= 0 ? 2 : 0, (expected, action) => Assert.Equal(expected.GetInt32(), action));
        }
    }

    private static void Replay<TAct>(Env<float[], TAct> env, JsonElement record, Func<float[], TAct> controller, Action<JsonElement, TAct> assertAction)
    {
        using var _ = env;
        string id = record.GetProperty("env").GetString()!;
        long seed = record.GetProperty("seed").GetInt64();
        var (obs, info) = env.Reset(seed);
        ClassicControlParityTests.AssertObservation(record.GetProperty("reset").GetProperty("obs_bits"), obs, $"{id} seed {seed} reset");
        ClassicControlParityTests.AssertState(record.GetProperty("reset_state"), env, $"{id} seed {seed} reset");
        Assert.Empty(info);

        var steps = record.GetProperty("steps");
        for (int t = 0; t < steps.GetArrayLength(); t++)
        {
            var step = steps[t];
            string where = $"{id} seed {seed} step t={t} ({record.GetProperty("policy").GetString()})";
            var action = controller(obs);
            assertAction(step.GetProperty("action"), action);
            var result = env.Step(action);
            obs = result.Observation;
            ClassicControlParityTests.AssertObservation(step.GetProperty("obs_bits"), obs, where);
            ClassicControlParityTests.AssertState(step.GetProperty("state"), env, where);
            double reward = ReferenceData.AsDouble(step.GetProperty("reward"));
            Assert.True(BitConverter.DoubleToInt64Bits(reward) == BitConverter.DoubleToInt64Bits(result.Reward), $"{where}: reward {result.Reward:R}, Gymnasium {reward:R}");
            Assert.Equal(step.GetProperty("terminated").GetBoolean(), result.Terminated);
            Assert.Equal(step.GetProperty("truncated").GetBoolean(), result.Truncated);
            Assert.Equal(t == steps.GetArrayLength() - 1, result.Terminated || result.Truncated);
        }
        Assert.Equal(record.GetProperty("num_steps").GetInt32(), steps.GetArrayLength());
    }
}
