namespace DotGym.Text.Data;

/// <summary>A review's sentiment.</summary>
public enum Sentiment
{
    /// <summary>The words' valences sum below zero.</summary>
    Negative = 0,
    /// <summary>The words' valences sum above zero.</summary>
    Positive = 1,
}

/// <summary>A generated review and its label.</summary>
/// <param name="Text">Lower-case words separated by single spaces, e.g. "the acting was wonderful and the plot moved fast".</param>
/// <param name="Label">The sign of the text's lexicon valence (<see cref="HumanPreference.Valence"/>).</param>
public sealed record Review(string Text, Sentiment Label)
{
    /// <summary>Number of words.</summary>
    public int WordCount => Text.Split(' ').Length;
}
