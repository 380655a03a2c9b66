namespace DotGym.Envs.Text.Rewards;

/// <summary>A reward function failed: it threw, or returned NaN or an infinity. The message names the reward and the text.</summary>
public sealed class TextRewardException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TextRewardException(string rewardName, string prompt, string response, string problem, Exception? inner = null)
        : base($"The text reward '{rewardName}' {problem} for prompt \"{Shorten(prompt)}\" and response \"{Shorten(response)}\".", inner)
    {
        RewardName = rewardName;
        Prompt = prompt;
        Response = response;
    }

    /// <summary>The failing reward's <see cref="ITextReward.Name"/>.</summary>
    public string RewardName { get; }
    /// <summary>The prompt being scored.</summary>
    public string Prompt { get; }
    /// <summary>The response being scored.</summary>
    public string Response { get; }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";
}
