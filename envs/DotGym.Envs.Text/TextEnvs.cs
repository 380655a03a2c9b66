using DotGym.Envs.Text.Rewards;
using DotGym.Registration;
using DotGym.Text.Data;
using DotGym.Text.Tokenization;
using DotGym.Vector;

namespace DotGym.Envs.Text;

/// <summary>
/// Registers the text envs with <see cref="Gym"/> (explicitly, no reflection: trimming/NativeAOT-safe). Call
/// <see cref="Register"/> once at startup:
/// <list type="bullet">
/// <item><c>TextGen-Sentiment-v0</c>: token-level continuation of review prompts with a <see cref="CharTokenizer"/>,
/// rewarded by <see cref="TextRewards.Sentiment"/> (the hidden rater). Kwargs: <c>context_length</c> (160: the longest 8-word prompt, 95 characters, always fits),
/// <c>max_new_tokens</c> (48), <c>missing_eos_penalty</c> (-1), <c>num_prompts</c> (256), <c>data_seed</c> (0),
/// <c>reward</c> (an <see cref="ITextReward"/> to replace the default).</item>
/// <item><c>TextGen-Arithmetic-v0</c>: token-level answers to "23+45=" prompts, rewarded 1 for the exact sum.
/// Kwargs as above, with defaults 16, 4, -1, 256, 0.</item>
/// <item><c>TextCompletion-Sentiment-v0</c> and <c>TextCompletion-Arithmetic-v0</c>: the completion-level
/// (<see cref="CompletionEnv"/>, one step per episode) variants; kwargs <c>max_completion_length</c> (64 / 4),
/// <c>num_prompts</c>, <c>data_seed</c>, <c>reward</c>.</item>
/// </list>
/// The token-level ids also have a native vector form (<see cref="TokenGenerationBatch"/>):
/// <c>Gym.MakeVec(id, n, VectorizationMode.Native)</c>.
/// </summary>
public static class TextEnvs
{
    /// <summary>Token-level sentiment continuation.</summary>
    public const string SentimentId = "TextGen-Sentiment-v0";
    /// <summary>Token-level two-digit addition.</summary>
    public const string ArithmeticId = "TextGen-Arithmetic-v0";
    /// <summary>Completion-level sentiment continuation.</summary>
    public const string CompletionSentimentId = "TextCompletion-Sentiment-v0";
    /// <summary>Completion-level two-digit addition.</summary>
    public const string CompletionArithmeticId = "TextCompletion-Arithmetic-v0";

    // Lazy runs the registrations once, thread-safely; later calls return at once.
    private static readonly Lazy<bool> Registered = new(() =>
    {
        RegisterAll();
        return true;
    });

    /// <summary>Registers the text envs. Idempotent and thread-safe (only the first call registers).</summary>
    public static void Register() => _ = Registered.Value;

    private static void RegisterAll()
    {
        Gym.Register(SentimentId, MakeSentiment, vectorEntryPoint: r => MakeBatch(r, MakeSentiment),
            description: "Continue a movie-review prompt token by token (characters); rewarded by a hidden sentiment-and-fluency rater.");
        Gym.Register(ArithmeticId, MakeArithmetic, vectorEntryPoint: r => MakeBatch(r, MakeArithmetic), rewardThreshold: 0.95,
            description: "Answer a two-digit addition (\"23+45=\") token by token; reward 1 for the exact sum.");
        Gym.Register(CompletionSentimentId, MakeCompletionSentiment,
            description: "Complete a movie-review prompt in one step; rewarded by the hidden sentiment-and-fluency rater.");
        Gym.Register(CompletionArithmeticId, MakeCompletionArithmetic, rewardThreshold: 0.95,
            description: "Answer a two-digit addition in one step; reward 1 for the exact sum.");
    }

    /// <summary>The tokenizer of the sentiment envs: the review alphabet (lower-case letters and space).</summary>
    public static CharTokenizer SentimentTokenizer() => new(ValenceLexicon.Alphabet);

    /// <summary>The tokenizer of the arithmetic envs: digits, '+' and '='.</summary>
    public static CharTokenizer ArithmeticTokenizer() => new(AdditionTask.Alphabet);

    /// <summary>The review prompts of the sentiment envs.</summary>
    public static PromptSource SentimentPrompts(int count, long seed) => new(ReviewPrompts.Generate(count, seed).Select(p => p.Prompt));

    /// <summary>The addition prompts of the arithmetic envs.</summary>
    public static PromptSource ArithmeticPrompts(int count, long seed) => new(AdditionTask.Generate(count, seed).Select(p => p.Prompt));

    /// <summary>Factory of <c>TextGen-Sentiment-v0</c>.</summary>
    public static TokenGenerationEnv MakeSentiment(IReadOnlyDictionary<string, object>? kwargs) =>
        MakeTokenEnv(kwargs, "TextGen-Sentiment", SentimentTokenizer(), SentimentPrompts, TextRewards.Sentiment, contextLength: 160, maxNewTokens: 48);

    /// <summary>Factory of <c>TextGen-Arithmetic-v0</c>.</summary>
    public static TokenGenerationEnv MakeArithmetic(IReadOnlyDictionary<string, object>? kwargs) =>
        MakeTokenEnv(kwargs, "TextGen-Arithmetic", ArithmeticTokenizer(), ArithmeticPrompts, TextRewards.AdditionExactMatch, contextLength: 16, maxNewTokens: 4);

    /// <summary>Factory of <c>TextCompletion-Sentiment-v0</c>.</summary>
    public static CompletionEnv MakeCompletionSentiment(IReadOnlyDictionary<string, object>? kwargs) =>
        MakeCompletionEnv(kwargs, "TextCompletion-Sentiment", ValenceLexicon.Alphabet, SentimentPrompts, TextRewards.Sentiment, maxCompletionLength: 64);

    /// <summary>Factory of <c>TextCompletion-Arithmetic-v0</c>.</summary>
    public static CompletionEnv MakeCompletionArithmetic(IReadOnlyDictionary<string, object>? kwargs) =>
        MakeCompletionEnv(kwargs, "TextCompletion-Arithmetic", AdditionTask.Alphabet, ArithmeticPrompts, TextRewards.AdditionExactMatch, maxCompletionLength: 4);

    private static TokenGenerationEnv MakeTokenEnv(IReadOnlyDictionary<string, object>? kwargs, string owner, ITokenizer tokenizer,
        Func<int, long, PromptSource> prompts, ITextReward defaultReward, int contextLength, int maxNewTokens)
    {
        var k = new Kwargs(kwargs, owner);
        int context = k.Get("context_length", contextLength);
        int maxNew = k.Get("max_new_tokens", maxNewTokens);
        double penalty = k.Get("missing_eos_penalty", -1.0);
        int count = k.Get("num_prompts", 256);
        long seed = k.Get("data_seed", 0L);
        var reward = k.Get<ITextReward>("reward", defaultReward);
        k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new TokenGenerationEnv(tokenizer, prompts(count, seed), reward, context, maxNew, penalty);
    }

    private static CompletionEnv MakeCompletionEnv(IReadOnlyDictionary<string, object>? kwargs, string owner, string charset,
        Func<int, long, PromptSource> prompts, ITextReward defaultReward, int maxCompletionLength)
    {
        var k = new Kwargs(kwargs, owner);
        int maxLength = k.Get("max_completion_length", maxCompletionLength);
        int count = k.Get("num_prompts", 256);
        long seed = k.Get("data_seed", 0L);
        var reward = k.Get<ITextReward>("reward", defaultReward);
        k.Get<string?>("render_mode", null);
        k.EnsureAllUsed();
        return new CompletionEnv(prompts(count, seed), reward, charset, maxLength);
    }

    private static TokenGenerationBatch MakeBatch(VectorEnvRequest request, Func<IReadOnlyDictionary<string, object>?, TokenGenerationEnv> factory) =>
        new(request.NumEnvs, _ =>
        {
            var env = factory(request.Kwargs);
            env.Spec = request.Spec;
            return env;
        }, request.AutoresetMode, request.Spec);
}
