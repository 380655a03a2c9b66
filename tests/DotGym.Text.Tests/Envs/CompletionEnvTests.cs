using DotGym.Checking;
using DotGym.Envs.Text;
using DotGym.Envs.Text.Rewards;
using DotGym.Text.Data;

namespace DotGym.Text.Tests.Envs;

public class CompletionEnvTests
{
    [Fact]
    public void One_step_scores_the_completion()
    {
        using var env = TextEnvs.MakeCompletionArithmetic(null);
        var (prompt, _) = env.Reset(seed: 3);
        var step = env.Step(AdditionTask.AnswerFor(prompt));
        Assert.Equal((1.0, true, false), (step.Reward, step.Terminated, step.Truncated));
        Assert.Equal(prompt, step.Observation);
        Assert.Throws<InvalidOperationException>(() => env.Step("1"));
        env.Reset();
        Assert.Equal(0.0, env.Step("0").Reward);
    }

    [Fact]
    public void Passes_the_env_checker()
    {
        Assert.NotNull(EnvChecker.Check(TextEnvs.MakeCompletionSentiment(null)));
        Assert.NotNull(EnvChecker.Check(TextEnvs.MakeCompletionArithmetic(null)));
    }

    [Fact]
    public void Bad_inputs_fail_clearly()
    {
        var reward = TextRewards.FromFunction("r", (_, _) => 0);
        Assert.Contains("outside the charset", Assert.Throws<ArgumentException>(() => new CompletionEnv(new PromptSource(["abc"]), reward, "ab", 4)).Message);
        using var env = new CompletionEnv(new PromptSource(["ab"]), reward, "ab", 4);
        env.Reset(seed: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step("abc!"));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step("aaaaa"));
        var broken = new CompletionEnv(new PromptSource(["ab"]), TextRewards.FromFunction("nan-reward", (_, _) => double.NaN), "ab", 4);
        broken.Reset(seed: 0);
        Assert.Contains("nan-reward", Assert.Throws<TextRewardException>(() => broken.Step("b")).Message);
    }
}
