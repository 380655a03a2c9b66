using DotGym.Random;

namespace DotGym.Envs.Text;

/// <summary>The prompts an env starts its episodes from; each reset draws one uniformly with the env's generator.</summary>
public sealed class PromptSource
{
    private readonly string[] _prompts;

    /// <summary>A source over <paramref name="prompts"/> (at least one, none null).</summary>
    public PromptSource(IEnumerable<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        _prompts = prompts.ToArray();
        if (_prompts.Length == 0) throw new ArgumentException("A prompt source needs at least one prompt.", nameof(prompts));
        for (int i = 0; i < _prompts.Length; i++)
            if (_prompts[i] is null) throw new ArgumentException($"Prompt {i} is null.", nameof(prompts));
    }

    /// <summary>Number of prompts.</summary>
    public int Count => _prompts.Length;

    /// <summary>Prompt <paramref name="index"/>.</summary>
    public string this[int index] => _prompts[index];

    /// <summary>All prompts, in order.</summary>
    public IReadOnlyList<string> Prompts => _prompts;

    /// <summary>The index of a uniformly drawn prompt (one <c>integers(0, Count)</c> draw).</summary>
    public int SampleIndex(NpGenerator rng) => (int)rng.Integers(_prompts.Length);
}
