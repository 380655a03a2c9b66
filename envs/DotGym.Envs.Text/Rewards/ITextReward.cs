namespace DotGym.Envs.Text.Rewards;

/// <summary>Scores a response to a prompt: the reward of a text env (higher is better).</summary>
public interface ITextReward
{
    /// <summary>A short name for error messages and logs, e.g. "sentiment".</summary>
    string Name { get; }

    /// <summary>The score of <paramref name="response"/> as an answer to <paramref name="prompt"/>; must be a finite number.</summary>
    double Score(string prompt, string response);
}
