using DotGym.Text.Data;

namespace DotGym.Envs.Text.Rewards;

/// <summary>The built-in rewards, and <see cref="Evaluate"/>, which every env calls so a failing reward fails clearly.</summary>
public static class TextRewards
{
    /// <summary>
    /// <see cref="HumanPreference.Score"/> of the whole text (prompt followed by response): the hidden rater's
    /// sentiment-plus-fluency preference. The default reward of the sentiment envs.
    /// </summary>
    public static ITextReward Sentiment { get; } = new DelegateTextReward("sentiment", (prompt, response) => HumanPreference.Score(prompt + response));

    /// <summary>1 when the response is exactly the sum asked by an "A+B=" prompt, else 0 (<see cref="AdditionTask.ExactMatch"/>).</summary>
    public static ITextReward AdditionExactMatch { get; } = new DelegateTextReward("addition-exact-match", AdditionTask.ExactMatch);

    /// <summary>A reward from a function.</summary>
    public static ITextReward FromFunction(string name, Func<string, string, double> score) => new DelegateTextReward(name, score);

    /// <summary>
    /// <paramref name="reward"/>'s score, or a <see cref="TextRewardException"/> naming the reward, the prompt and the
    /// response when it throws or returns NaN or an infinity (a bad reward would otherwise poison training silently).
    /// </summary>
    public static double Evaluate(ITextReward reward, string prompt, string response)
    {
        ArgumentNullException.ThrowIfNull(reward);
        double score;
        try { score = reward.Score(prompt, response); }
        catch (Exception e)
        {
            throw new TextRewardException(reward.Name, prompt, response, $"threw {TypeNames.Of(e.GetType())}: {e.Message}", e);
        }
        if (!double.IsFinite(score))
            throw new TextRewardException(reward.Name, prompt, response, $"returned {score}, not a finite number,");
        return score;
    }
}
