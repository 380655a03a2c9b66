using System.Text.Json;
using DotGym.Envs.ClassicControl;
using DotGym.Registration;
using DotGym.Tests.Reference;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// Every trajectory of cartpole_trajectories.json: CartPole-v1 from a set initial state with 200 fixed actions and
/// no reset, including Gymnasium's post-termination behaviour (reward 0 while still terminated).
/// </summary>
public class CartPoleTrajectoryParityTests
{
    private const string File = "cartpole_trajectories.json";
    private static readonly Lazy<JsonDocument> Document = new(() => ReferenceData.Load(File));

    public static IEnumerable<object[]> Trajectories => ReferenceData.Indices(File, "trajectories");

    [Theory, MemberData(nameof(Trajectories))]
    public void TrajectoryMatchesGymnasium(int index)
    {
        var record = Document.Value.RootElement.GetProperty("trajectories")[index];
        using var env = Gym.Make<float[], int>("CartPole-v1");
        env.Reset(seed: 0);
        var cartPole = (CartPoleEnv)env.Unwrapped;
        cartPole.SetState(record.GetProperty("initial_state").EnumerateArray().Select(ReferenceData.AsDouble).ToArray());

        var actions = record.GetProperty("actions").EnumerateArray().Select(a => a.GetInt32()).ToArray();
        var observations = record.GetProperty("observations");
        var states = record.GetProperty("states_float64");
        var rewards = record.GetProperty("rewards");
        var terminated = record.GetProperty("terminated");
        var truncated = record.GetProperty("truncated");
        int? firstDone = null;
        for (int t = 0; t < actions.Length; t++)
        {
            var result = env.Step(actions[t]);
            string where = $"trajectory {record.GetProperty("index").GetInt32()} ({record.GetProperty("action_pattern").GetString()}) step {t}";
            var expectedObs = observations[t].EnumerateArray().Select(o => BitConverter.SingleToUInt32Bits((float)ReferenceData.AsDouble(o))).ToArray();
            Assert.True(expectedObs.SequenceEqual(result.Observation.Select(BitConverter.SingleToUInt32Bits)), $"{where}: observation differs");
            var expectedState = states[t].EnumerateArray().Select(s => BitConverter.DoubleToInt64Bits(ReferenceData.AsDouble(s))).ToArray();
            Assert.True(expectedState.SequenceEqual(cartPole.GetState().Select(BitConverter.DoubleToInt64Bits)), $"{where}: state differs");
            Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceData.AsDouble(rewards[t])), BitConverter.DoubleToInt64Bits(result.Reward));
            Assert.Equal(terminated[t].GetBoolean(), result.Terminated);
            Assert.Equal(truncated[t].GetBoolean(), result.Truncated);
            if (firstDone is null && (result.Terminated || result.Truncated)) firstDone = t;
        }

        var recordedFirstDone = record.GetProperty("first_done_index");
        Assert.Equal(recordedFirstDone.ValueKind == JsonValueKind.Null ? null : recordedFirstDone.GetInt32(), firstDone);
    }
}
