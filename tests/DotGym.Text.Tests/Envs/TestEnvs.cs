using DotGym.Envs.Text;
using DotGym.Envs.Text.Rewards;
using DotGym.Text.Tokenization;

namespace DotGym.Text.Tests.Envs;

/// <summary>Small envs for the tests.</summary>
internal static class TestEnvs
{
    public static readonly CharTokenizer Tokenizer = new("ab ");

    public static TokenGenerationEnv Small(ITextReward? reward = null, int maxNewTokens = 3, double penalty = -1.0) =>
        new(Tokenizer, new PromptSource(["a", "ab", "b a"]), reward ?? TextRewards.FromFunction("count-a", (_, r) => r.Count(c => c == 'a')),
            contextLength: 8, maxNewTokens: maxNewTokens, missingEosPenalty: penalty);

    public static int Id(char c) => Tokenizer.Encode(c.ToString())[0];
}
