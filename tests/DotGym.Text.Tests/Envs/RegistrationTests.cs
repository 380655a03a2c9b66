using DotGym.Checking;
using DotGym.Envs.Text;
using DotGym.Envs.Text.Rewards;
using DotGym.Registration;
using DotGym.Text.Data;
using DotGym.Vector;

namespace DotGym.Text.Tests.Envs;

public class RegistrationTests
{
    public RegistrationTests() => TextEnvs.Register();

    [Theory]
    [InlineData(TextEnvs.SentimentId)]
    [InlineData(TextEnvs.ArithmeticId)]
    [InlineData(TextEnvs.CompletionSentimentId)]
    [InlineData(TextEnvs.CompletionArithmeticId)]
    public void Registered_envs_pass_the_checker(string id)
    {
        using var env = Gym.Make(id);
        Assert.NotNull(EnvChecker.Check(env.Unwrapped));
    }

    [Fact]
    public void Arithmetic_rewards_the_exact_sum_token_by_token()
    {
        using var env = Gym.Make<IReadOnlyDictionary<string, object>, int>(TextEnvs.ArithmeticId);
        var (_, info) = env.Reset(seed: 4);
        var tokenizer = TextEnvs.ArithmeticTokenizer();
        string answer = AdditionTask.AnswerFor((string)info["prompt"]);
        StepResult<IReadOnlyDictionary<string, object>> step = default;
        foreach (var id in tokenizer.Encode(answer)) step = env.Step(id);
        Assert.False(step.Done);
        step = env.Step(tokenizer.EosId);
        Assert.True(step.Terminated);
        Assert.Equal(1.0, step.Reward);
    }

    [Fact]
    public void Sentiment_rewards_the_hidden_rater_and_kwargs_override()
    {
        using var env = Gym.Make<IReadOnlyDictionary<string, object>, int>(TextEnvs.SentimentId);
        var (_, info) = env.Reset(seed: 2);
        string prompt = (string)info["prompt"];
        var tokenizer = TextEnvs.SentimentTokenizer();
        foreach (var id in tokenizer.Encode(" wonderful")) env.Step(id);
        var end = env.Step(tokenizer.EosId);
        Assert.Equal(HumanPreference.Score(prompt + " wonderful"), end.Reward, 12);

        var custom = TextRewards.FromFunction("one", (_, _) => 1);
        using var short_ = Gym.Make<IReadOnlyDictionary<string, object>, int>(TextEnvs.SentimentId,
            new Dictionary<string, object> { ["max_new_tokens"] = 1, ["reward"] = custom, ["missing_eos_penalty"] = -3.0 });
        short_.Reset(seed: 0);
        var truncated = short_.Step(tokenizer.Encode("a")[0]);
        Assert.True(truncated.Truncated);
        Assert.Equal(1 - 3.0, truncated.Reward);
        Assert.Throws<ArgumentException>(() => Gym.Make(TextEnvs.SentimentId, new Dictionary<string, object> { ["max_tokens"] = 1 }));
    }

    [Fact]
    public void Native_vector_form_is_a_token_generation_batch()
    {
        using var vec = Gym.MakeVec<IReadOnlyDictionary<string, object>, int>(TextEnvs.ArithmeticId, 3, VectorizationMode.Native);
        var batch = Assert.IsType<TokenGenerationBatch>(vec);
        batch.Reset(seed: 0);
        Assert.Equal(3 * 16, batch.InputIds.Length);
        Assert.All(batch.ResponseStart, s => Assert.Equal(7, s)); // <bos> + "AB+CD="
    }
}
