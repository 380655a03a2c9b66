using System.Text.Json;
using DotGym.Envs.ClassicControl;
using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Tests.Reference;
using DotGym.Vector;

namespace DotGym.Tests.Vector;

/// <summary>
/// Every case of vector_envs.json (Gymnasium 1.4, numpy 1.24): 200 batched steps from <c>reset(seed)</c> with the
/// batched action space's own seeded <c>sample()</c>, compared bit for bit (actions, float32 observations, rewards,
/// flags, final observations and which info keys are present). Gymnasium's native <c>CartPoleVectorEnv</c> is
/// <c>Gym.MakeVec("CartPole-v1", n, VectorizationMode.Native)</c>; its <c>SyncVectorEnv</c> in NEXT_STEP and SAME_STEP
/// autoreset is <c>Gym.MakeVec(id, n, VectorizationMode.Sync, autoresetMode)</c>.
/// </summary>
public class VectorEnvParityTests
{
    private const string File = "vector_envs.json";
    private static readonly Lazy<JsonDocument> Document = new(() => ReferenceData.Load(File));

    public static IEnumerable<object[]> Cases => ReferenceData.Indices(File, "cases");

    [Fact]
    public void ReferenceFileCoversTheNativeCartPoleAndBothSyncAutoresetModes()
    {
        var cases = Document.Value.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("case").GetString()).Distinct().Order();
        Assert.Equal(["CartPole-v1/sync/NextStep", "CartPole-v1/sync/SameStep", "CartPole-v1/vector_entry_point",
            "FrozenLake-v1/sync/NextStep", "FrozenLake-v1/sync/SameStep"], cases);
    }

    [Theory, MemberData(nameof(Cases))]
    public void BatchedRolloutMatchesGymnasium(int index)
    {
        var record = Document.Value.RootElement.GetProperty("cases")[index];
        string[] name = record.GetProperty("case").GetString()!.Split('/');
        string id = name[0];
        int numEnvs = record.GetProperty("num_envs").GetInt32();
        int? maxEpisodeSteps = record.TryGetProperty("max_episode_steps", out var limit) ? limit.GetInt32()
            : record.GetProperty("env_kwargs").TryGetProperty("max_episode_steps", out var kwargLimit) ? kwargLimit.GetInt32() : null;
        var mode = name[1] == "vector_entry_point" ? VectorizationMode.Native : VectorizationMode.Sync;
        var autoreset = name.Length > 2 && name[2] == "SameStep" ? AutoresetMode.SameStep : AutoresetMode.NextStep;
        using var vec = Gym.MakeVec(id, numEnvs, mode, autoreset, maxEpisodeSteps: maxEpisodeSteps);
        if (mode == VectorizationMode.Native) Assert.Equal(CartPoleBatchSeeding.OneGenerator, Assert.IsType<CartPoleBatch>(vec).Seeding);
        if (id == "CartPole-v1") Replay((IVectorEnv<float[], int>)vec, record, Bits, Bits);
        else Replay((IVectorEnv<int, int>)vec, record, Ints, final => Ints(final.Rows, final.Env));
    }

    private static void Replay<TObs>(IVectorEnv<TObs, int> vec, JsonElement record, Func<Batch<TObs>, uint[]> observation,
        Func<(Batch<TObs> Rows, int Env), uint[]> finalObservation)
    {
        long seed = record.GetProperty("seed").GetInt64();
        string name = $"{record.GetProperty("case").GetString()} n={vec.NumEnvs} seed {seed}";
        var reset = vec.Reset(seed);
        AssertObservation(record.GetProperty("reset"), observation(reset.Observations), $"{name} reset");
        AssertInfoKeys(record.GetProperty("reset").GetProperty("info"), reset.Infos, $"{name} reset");
        var actionSpace = (Space<int[]>)vec.ActionSpace;
        actionSpace.Seed(seed);

        int episodeEnds = 0;
        foreach (var expected in record.GetProperty("steps").EnumerateArray())
        {
            string where = $"{name} step t={expected.GetProperty("t").GetInt32()}";
            var action = actionSpace.Sample();
            Assert.True(expected.GetProperty("action").EnumerateArray().Select(a => a.GetInt32()).SequenceEqual(action),
                $"{where}: the batched action space sampled [{string.Join(", ", action)}], Gymnasium [{string.Join(", ", expected.GetProperty("action").EnumerateArray())}]");
            var step = vec.Step(action);
            AssertObservation(expected, observation(step.Observations), where);
            var rewards = expected.GetProperty("reward").EnumerateArray().Select(ReferenceData.AsDouble).ToArray();
            Assert.True(rewards.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(step.Rewards.Select(BitConverter.DoubleToInt64Bits)),
                $"{where}: rewards [{string.Join(", ", step.Rewards)}], Gymnasium [{string.Join(", ", rewards)}]");
            Assert.Equal(expected.GetProperty("terminated").EnumerateArray().Select(f => f.GetBoolean()), step.Terminated);
            Assert.Equal(expected.GetProperty("truncated").EnumerateArray().Select(f => f.GetBoolean()), step.Truncated);
            episodeEnds += step.Terminated.Count(f => f) + step.Truncated.Count(f => f);

            var info = expected.GetProperty("info");
            AssertInfoKeys(info, step.Infos, where);
            bool hasFinal = info.TryGetProperty("_final_obs", out var finalMask);
            Assert.Equal(hasFinal, info.TryGetProperty("final_info", out _));
            if (vec.AutoresetMode != AutoresetMode.SameStep)
            {
                Assert.False(hasFinal, $"{where}: Gymnasium reports final observations only in SAME_STEP autoreset");
                continue;
            }
            Assert.Equal(hasFinal ? finalMask.EnumerateArray().Select(f => f.GetBoolean()) : new bool[vec.NumEnvs], step.HasFinal!);
            if (!hasFinal) continue;
            var finals = info.GetProperty("final_obs");
            for (int i = 0; i < vec.NumEnvs; i++)
            {
                if (!step.HasFinal![i]) continue;
                AssertObservation(finals[i], finalObservation((step.FinalObservations!, i)), $"{where} env {i} final observation");
                Assert.NotNull(step.FinalInfos![i]);
            }
        }
        Assert.True(episodeEnds > 0, $"{name}: the rollout should end episodes (the autoreset is what this test is about)");
    }

    private static uint[] Bits(Batch<float[]> batch) => batch.AsArray<float>().Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static uint[] Bits((Batch<float[]> Rows, int Env) final) => final.Rows.Row<float>(final.Env).ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static uint[] Ints(Batch<int> batch) => batch.AsArray<int>().Select(v => (uint)v).ToArray();

    private static uint[] Ints(Batch<int> batch, int env) => [(uint)batch.Get(env)];

    /// <summary>CartPole records hold float32 bit patterns (<c>obs_bits</c>), FrozenLake ones the integer states (<c>obs</c>).</summary>
    private static void AssertObservation(JsonElement expected, uint[] actual, string where)
    {
        var values = expected.TryGetProperty("obs_bits", out var bits)
            ? bits.EnumerateArray().Select(b => b.GetUInt32()).ToArray()
            : expected.GetProperty("obs").EnumerateArray().Select(v => (uint)v.GetInt32()).ToArray();
        Assert.True(values.SequenceEqual(actual), $"{where}: observation [{string.Join(", ", actual)}] differs from Gymnasium's [{string.Join(", ", values)}]");
    }

    /// <summary>Gymnasium's vector info holds a key when any sub-env's info has it; the final_* keys are checked on their own.</summary>
    private static void AssertInfoKeys(JsonElement expected, IReadOnlyDictionary<string, object>[] infos, string where)
    {
        var keys = expected.EnumerateObject().Select(p => p.Name).Where(k => !k.StartsWith('_') && !k.StartsWith("final_", StringComparison.Ordinal)).Order();
        Assert.True(keys.SequenceEqual(infos.SelectMany(i => i.Keys).Distinct().Order()),
            $"{where}: info keys [{string.Join(", ", infos.SelectMany(i => i.Keys).Distinct())}], Gymnasium [{string.Join(", ", keys)}]");
    }
}
