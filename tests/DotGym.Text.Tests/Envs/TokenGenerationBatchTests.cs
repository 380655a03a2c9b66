using DotGym.Envs.Text;
using DotGym.Vector;
using static DotGym.Text.Tests.Envs.TestEnvs;

namespace DotGym.Text.Tests.Envs;

public class TokenGenerationBatchTests
{
    /// <summary>Steps a batch and N single envs (seeds seed + i, next-step autoreset by hand) with the same actions.</summary>
    [Fact]
    public void Batch_equals_single_envs_with_the_same_seeds()
    {
        const int n = 4;
        const long seed = 10;
        using var batch = new TokenGenerationBatch(n, _ => Small(maxNewTokens: 3));
        var singles = Enumerable.Range(0, n).Select(_ => Small(maxNewTokens: 3)).ToArray();
        var rng = new System.Random(1);

        batch.Reset(seed: seed);
        var needsReset = new bool[n];
        var last = new int[n][];
        for (int i = 0; i < n; i++) last[i] = Ids(singles[i].Reset(seed: seed + i).Observation);
        AssertSame(batch, singles, last);

        var actions = new int[n];
        for (int t = 0; t < 12; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = rng.Next(2, 6); // eos, 'a', 'b', ' '
            var r = batch.Step(actions);
            for (int i = 0; i < n; i++)
            {
                if (needsReset[i])
                {
                    last[i] = Ids(singles[i].Reset().Observation);
                    needsReset[i] = false;
                    Assert.Equal((0.0, false, false), (r.Rewards[i], r.Terminated[i], r.Truncated[i]));
                    continue;
                }
                var s = singles[i].Step(actions[i]);
                last[i] = Ids(s.Observation);
                Assert.Equal(s.Reward, r.Rewards[i]);
                Assert.Equal(s.Terminated, r.Terminated[i]);
                Assert.Equal(s.Truncated, r.Truncated[i]);
                Assert.Equal(s.Info["response_text"], r.Infos[i]["response_text"]);
                needsReset[i] = s.Done;
            }
            AssertSame(batch, singles, last);
        }
        foreach (var s in singles) s.Dispose();
    }

    private static void AssertSame(TokenGenerationBatch batch, TokenGenerationEnv[] singles, int[][] last)
    {
        int c = batch.ContextLength;
        for (int i = 0; i < singles.Length; i++)
        {
            Assert.Equal(singles[i].CurrentPrompt, batch.Envs[i].CurrentPrompt);
            Assert.Equal(singles[i].ResponseText, batch.Envs[i].ResponseText);
        }
        for (int i = 0; i < singles.Length; i++)
            Assert.Equal(last[i], batch.InputIds.AsSpan(i * c, c).ToArray());
    }

    private static int[] Ids(IReadOnlyDictionary<string, object> observation) => TokenObservation.From(observation).InputIds.ToArray();

    [Fact]
    public void Contiguous_arrays_mirror_the_observations_and_snapshots_round_trip()
    {
        using var batch = new TokenGenerationBatch(2, _ => Small());
        var reset = batch.Reset(seed: 3);
        for (int i = 0; i < 2; i++)
        {
            var view = TokenObservation.From(reset.Observations.View(i));
            Assert.Equal(view.InputIds, batch.InputIds.AsSpan(i * 8, 8).ToArray());
            Assert.Equal(view.AttentionMask, batch.AttentionMask.AsSpan(i * 8, 8).ToArray());
            Assert.Equal(view.ResponseStart, batch.ResponseStart[i]);
        }
        batch.Step([Id('a'), Id('b')]);
        using var stream = new MemoryStream();
        batch.SaveState(new BinaryWriter(stream));
        var expected = batch.Step([Id('b'), Tokenizer.EosId]);
        var expectedRewards = expected.Rewards.ToArray();
        var expectedIds = batch.InputIds.ToArray();

        using var other = new TokenGenerationBatch(2, _ => Small());
        stream.Position = 0;
        other.LoadState(new BinaryReader(stream));
        var actual = other.Step([Id('b'), Tokenizer.EosId]);
        Assert.Equal(expectedRewards, actual.Rewards);
        Assert.Equal(expectedIds, other.InputIds);
        Assert.True(actual.Terminated[1]);
        Assert.Equal(AutoresetMode.NextStep, other.AutoresetMode);
    }
}
