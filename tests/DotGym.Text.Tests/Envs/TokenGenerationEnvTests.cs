using DotGym.Checking;
using DotGym.Envs.Text;
using DotGym.Envs.Text.Rewards;
using DotGym.Spaces;
using static DotGym.Text.Tests.Envs.TestEnvs;

namespace DotGym.Text.Tests.Envs;

public class TokenGenerationEnvTests
{
    [Fact]
    public void Reset_lays_out_bos_prompt_and_padding()
    {
        using var env = Small();
        var (obs, info) = env.Reset(seed: 0);
        var view = TokenObservation.From(obs);
        string prompt = (string)info["prompt"];
        Assert.Equal(env.CurrentPrompt, prompt);
        int n = prompt.Length + 1;
        Assert.Equal(n, view.ResponseStart);
        Assert.Equal(n, view.Length);
        Assert.Equal([Tokenizer.BosId, .. Tokenizer.Encode(prompt)], view.InputIds[..n]);
        Assert.All(view.InputIds[n..], id => Assert.Equal(Tokenizer.PadId, id));
        Assert.Equal(Enumerable.Repeat((byte)1, n).Concat(Enumerable.Repeat((byte)0, 8 - n)), view.AttentionMask);
        Assert.True(env.ObservationSpace.Contains(obs));
        var mask = (byte[])info[TokenGenerationEnv.ActionMaskKey];
        Assert.Equal([0, 0, 1, 1, 1, 1], mask);
    }

    [Fact]
    public void Eos_terminates_with_the_reward_of_the_response()
    {
        using var env = Small();
        env.Reset(seed: 0);
        var s1 = env.Step(Id('a'));
        Assert.Equal((0.0, false, false), (s1.Reward, s1.Terminated, s1.Truncated));
        Assert.Equal("a", s1.Info["response_text"]);
        env.Step(Id('a'));
        var end = env.Step(Tokenizer.EosId);
        Assert.True(end.Terminated);
        Assert.False(end.Truncated);
        Assert.Equal(2.0, end.Reward);
        Assert.Equal("aa", end.Info["response_text"]);
        Assert.Equal(true, end.Info["eos_emitted"]);
        Assert.Equal(Tokenizer.EosId, TokenObservation.From(end.Observation).InputIds[TokenObservation.From(end.Observation).Length - 1]);
        Assert.Contains("call Reset", Assert.Throws<InvalidOperationException>(() => env.Step(Id('a'))).Message);
    }

    [Fact]
    public void Max_new_tokens_truncates_with_the_missing_eos_penalty()
    {
        using var env = Small(maxNewTokens: 2, penalty: -0.25);
        env.Reset(seed: 0);
        env.Step(Id('a'));
        var end = env.Step(Id('b'));
        Assert.True(end.Truncated);
        Assert.False(end.Terminated);
        Assert.Equal(1.0 - 0.25, end.Reward);
        Assert.Equal(1.0, end.Info["score"]);
        Assert.Equal(false, end.Info["eos_emitted"]);
    }

    [Fact]
    public void Passes_the_env_checker() => Assert.NotNull(EnvChecker.Check(Small()));

    [Fact]
    public void Bad_inputs_fail_clearly()
    {
        var reward = TextRewards.FromFunction("r", (_, _) => 0);
        var tooLong = Assert.Throws<ArgumentException>(() => new TokenGenerationEnv(Tokenizer, new PromptSource(["ab ab ab"]), reward, contextLength: 8, maxNewTokens: 2));
        Assert.Contains("contextLength is 8", tooLong.Message);
        Assert.Contains("'c'", Assert.Throws<ArgumentException>(() => new TokenGenerationEnv(Tokenizer, new PromptSource(["abc"]), reward, 8, 2)).Message);
        Assert.Throws<ArgumentException>(() => new PromptSource([]));
        using var env = Small();
        Assert.Contains("Reset before Step", Assert.Throws<InvalidOperationException>(() => env.Step(3)).Message);
        env.Reset(seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(6));
    }

    [Theory]
    [InlineData("throws")]
    [InlineData("nan")]
    [InlineData("inf")]
    public void A_broken_reward_names_itself_and_the_text(string kind)
    {
        var reward = TextRewards.FromFunction($"broken-{kind}", (_, _) => kind switch
        {
            "throws" => throw new InvalidOperationException("model not loaded"),
            "nan" => double.NaN,
            _ => double.PositiveInfinity,
        });
        using var env = Small(reward);
        env.Reset(seed: 0);
        env.Step(Id('b'));
        var e = Assert.Throws<TextRewardException>(() => env.Step(Tokenizer.EosId));
        Assert.Contains($"broken-{kind}", e.Message);
        Assert.Contains("response \"b\"", e.Message);
        Assert.Contains($"prompt \"{env.CurrentPrompt}\"", e.Message);
        if (kind == "throws") Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void Snapshots_resume_mid_episode()
    {
        using var a = Small(maxNewTokens: 4);
        a.Reset(seed: 5);
        a.Step(Id('a'));
        using var stream = new MemoryStream();
        a.SaveState(new BinaryWriter(stream));
        var expected = a.Step(Id('b'));
        string expectedText = (string)expected.Info["response_text"];
        var expectedIds = TokenObservation.From(expected.Observation).InputIds.ToArray();

        using var b = Small(maxNewTokens: 4);
        stream.Position = 0;
        b.LoadState(new BinaryReader(stream));
        var actual = b.Step(Id('b'));
        Assert.Equal(expectedText, actual.Info["response_text"]);
        Assert.Equal(expectedIds, TokenObservation.From(actual.Observation).InputIds);
        Assert.Equal(a.Reset().Info["prompt"], b.Reset().Info["prompt"]); // the generator was restored too
    }

    [Fact]
    public void Gpt2_vocabulary_keeps_eos_unmasked()
    {
        using var env = new TokenGenerationEnv(DotGym.Text.Tokenization.Gpt2Tokenizer.Create(), new PromptSource(["Hello world"]),
            TextRewards.FromFunction("len", (_, r) => r.Length), contextLength: 16, maxNewTokens: 4);
        var (obs, info) = env.Reset(seed: 0);
        Assert.Equal([50256, 15496, 995], TokenObservation.From(obs).InputIds[..3]);
        Assert.Equal(1, ((byte[])info[TokenGenerationEnv.ActionMaskKey])[50256]);
        var end = env.Step(262);
        Assert.Equal(" the", end.Info["response_text"]);
        Assert.True(env.Step(50256).Terminated);
        Assert.IsType<Discrete>(env.ActionSpace);
    }
}
