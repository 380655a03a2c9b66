namespace DotGym.Envs.Text.Rewards;

/// <summary>An <see cref="ITextReward"/> made of a name and a function.</summary>
public sealed class DelegateTextReward : ITextReward
{
    private readonly Func<string, string, double> _score;

    /// <summary>A reward named <paramref name="name"/> computing <paramref name="score"/>(prompt, response).</summary>
    public DelegateTextReward(string name, Func<string, string, double> score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _score = score ?? throw new ArgumentNullException(nameof(score));
        Name = name;
    }

    public string Name { get; }

    public double Score(string prompt, string response) => _score(prompt, response);

    public override string ToString() => Name;
}
