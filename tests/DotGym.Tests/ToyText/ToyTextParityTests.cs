using System.Text.Json;
using DotGym.Envs.ToyText;
using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Tests.Reference;

namespace DotGym.Tests.ToyText;

/// <summary>
/// Replays every recording of toy_text.json against DotGym: each rollout record (reset with its seed, the action
/// space seeded alike, 100 sampled actions, unseeded resets after episode ends) must give the same observations,
/// rewards, flags and info (probabilities compared by bit pattern); every random map must match, attempts included.
/// </summary>
public class ToyTextParityTests
{
    private const string File = "toy_text.json";
    // Parsed once for all cases: the recording is large and the theory has one case per record.
    private static readonly Lazy<JsonDocument> Doc = new(() => ReferenceData.Load(File));

    public static IEnumerable<object[]> Rollouts() => ReferenceData.Indices(File, "rollouts");
    public static IEnumerable<object[]> RandomMaps() => ReferenceData.Indices(File, "random_maps");

    [Theory]
    [MemberData(nameof(Rollouts))]
    public void Rollout_matches_gymnasium(int index)
    {
        var rollout = Doc.Value.RootElement.GetProperty("rollouts")[index];
        var config = Doc.Value.RootElement.GetProperty("meta").GetProperty("envs").GetProperty(rollout.GetProperty("config").GetString()!);
        string id = config.GetProperty("id").GetString()!;
        var kwargs = config.GetProperty("make_kwargs").EnumerateObject().ToDictionary(p => p.Name, p => ToObject(p.Value));
        string where = $"{rollout.GetProperty("config").GetString()} seed {rollout.GetProperty("seed").GetInt64()}";

        if (id.StartsWith("Blackjack", StringComparison.Ordinal))
        {
            using var env = Gym.Make<BlackjackObservation, int>(id, kwargs);
            Replay(env, rollout, where, (obs, expected) =>
                obs.PlayerSum == expected[0].GetInt32() && obs.DealerCard == expected[1].GetInt32() && obs.UsableAce == expected[2].GetInt32());
        }
        else
        {
            using var env = Gym.Make<int, int>(id, kwargs);
            Replay(env, rollout, where, (obs, expected) => obs == expected.GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(RandomMaps))]
    public void Random_map_matches_gymnasium(int index)
    {
        var record = Doc.Value.RootElement.GetProperty("random_maps")[index];
        var map = FrozenLakeMaps.GenerateRandomMap(record.GetProperty("size").GetInt32(), record.GetProperty("p").GetDouble(),
            record.GetProperty("seed").GetInt64(), out int attempts);
        Assert.Equal(record.GetProperty("map").EnumerateArray().Select(r => r.GetString()!).ToArray(), map);
        Assert.Equal(record.GetProperty("attempts").GetInt32(), attempts);
    }

    private static void Replay<TObs>(Env<TObs, int> env, JsonElement rollout, string where, Func<TObs, JsonElement, bool> sameObservation)
    {
        long seed = rollout.GetProperty("seed").GetInt64();
        var reset = env.Reset(seed);
        CheckReset(reset, rollout.GetProperty("reset"), sameObservation, $"{where} initial reset");
        var actions = (Discrete)env.ActionSpace;
        actions.Seed(seed);
        foreach (var step in rollout.GetProperty("steps").EnumerateArray())
        {
            string at = $"{where} t={step.GetProperty("t").GetInt32()}";
            int action = actions.Sample();
            Assert.True(action == step.GetProperty("action").GetInt32(), $"{at}: sampled action {action}, Gymnasium {step.GetProperty("action")}");
            var result = env.Step(action);
            Assert.True(sameObservation(result.Observation, step.GetProperty("obs")), $"{at}: obs {result.Observation}, Gymnasium {step.GetProperty("obs")}");
            Assert.True(BitConverter.DoubleToInt64Bits(step.GetProperty("reward").GetDouble()) == BitConverter.DoubleToInt64Bits(result.Reward),
                $"{at}: reward {result.Reward:R}, Gymnasium {step.GetProperty("reward")}");
            Assert.True(step.GetProperty("terminated").GetBoolean() == result.Terminated, $"{at}: terminated {result.Terminated}");
            Assert.True(step.GetProperty("truncated").GetBoolean() == result.Truncated, $"{at}: truncated {result.Truncated}");
            CheckInfo(result.Info, step.GetProperty("info"), at);
            if (result.Terminated || result.Truncated)
            {
                Assert.True(step.TryGetProperty("reset", out var expectedReset), $"{at}: DotGym ended the episode, Gymnasium did not");
                CheckReset(env.Reset(), expectedReset, sameObservation, $"{at} auto reset");
            }
            else
            {
                Assert.False(step.TryGetProperty("reset", out _), $"{at}: Gymnasium ended the episode, DotGym did not");
            }
        }
    }

    private static void CheckReset<TObs>(ResetResult<TObs> reset, JsonElement expected, Func<TObs, JsonElement, bool> sameObservation, string at)
    {
        Assert.True(sameObservation(reset.Observation, expected.GetProperty("obs")), $"{at}: obs {reset.Observation}, Gymnasium {expected.GetProperty("obs")}");
        CheckInfo(reset.Info, expected.GetProperty("info"), at);
    }

    private static void CheckInfo(IReadOnlyDictionary<string, object> info, JsonElement expected, string at)
    {
        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.True(expectedKeys.SequenceEqual(info.Keys.Order()), $"{at}: info keys [{string.Join(", ", info.Keys)}], Gymnasium [{string.Join(", ", expectedKeys)}]");
        foreach (var entry in expected.EnumerateObject())
        {
            switch (entry.Name)
            {
                case "prob":
                    // Gymnasium returns the int 1 after some resets; DotGym always reports a double.
                    var prob = Assert.IsType<double>(info["prob"]);
                    Assert.True(BitConverter.DoubleToInt64Bits(entry.Value.GetDouble()) == BitConverter.DoubleToInt64Bits(prob), $"{at}: prob {prob:R}, Gymnasium {entry.Value}");
                    break;
                case "action_mask":
                    var mask = Assert.IsType<byte[]>(info["action_mask"]);
                    Assert.True(entry.Value.EnumerateArray().Select(v => (byte)v.GetInt32()).SequenceEqual(mask),
                        $"{at}: action_mask [{string.Join(", ", mask)}], Gymnasium {entry.Value}");
                    break;
                default:
                    Assert.Fail($"{at}: no check for info key '{entry.Name}'");
                    break;
            }
        }
    }

    private static object ToObject(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt32(out int i) => i,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new NotSupportedException($"make_kwargs value {value} has no DotGym equivalent in this test."),
    };
}
