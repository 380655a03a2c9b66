using DotGym.Envs.Text.Rewards;
using DotGym.Spaces;
using TextSpace = DotGym.Spaces.Text;

namespace DotGym.Envs.Text;

/// <summary>
/// Completion-level text generation: one step per episode. Reset draws a prompt (a <see cref="TextSpace"/> observation);
/// the action is a whole completion string, scored by the reward function; the episode then terminates. The
/// observation after the step is the same prompt. Info: <c>"prompt"</c>, and after the step <c>"completion"</c>.
/// </summary>
public sealed class CompletionEnv : Env<string, string>
{
    private readonly PromptSource _prompts;
    private readonly ITextReward _reward;
    private readonly TextSpace _observationSpace;
    private int _promptIndex = -1;
    private bool _done = true;

    /// <param name="prompts">Where episodes start; every prompt must use only <paramref name="charset"/>.</param>
    /// <param name="reward">Scores (prompt, completion).</param>
    /// <param name="charset">The characters of prompts and completions.</param>
    /// <param name="maxCompletionLength">Longest completion (characters).</param>
    public CompletionEnv(PromptSource prompts, ITextReward reward, string charset, int maxCompletionLength)
    {
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _reward = reward ?? throw new ArgumentNullException(nameof(reward));
        ArgumentException.ThrowIfNullOrEmpty(charset);
        if (maxCompletionLength < 1) throw new ArgumentOutOfRangeException(nameof(maxCompletionLength), maxCompletionLength, "maxCompletionLength must be at least 1.");
        int longest = prompts.Prompts.Max(p => p.Length);
        _observationSpace = new TextSpace(Math.Max(1, longest), minLength: 0, charset);
        for (int i = 0; i < prompts.Count; i++)
            if (!_observationSpace.Contains(prompts[i]))
                throw new ArgumentException($"Prompt {i} (\"{prompts[i]}\") uses characters outside the charset \"{charset}\".", nameof(prompts));
        ActionSpace = new TextSpace(maxCompletionLength, minLength: 0, charset);
    }

    public override Space<string> ObservationSpace => _observationSpace;
    public override Space<string> ActionSpace { get; }
    /// <summary>The reward function.</summary>
    public ITextReward Reward => _reward;
    /// <summary>The current prompt (null before the first reset).</summary>
    public string? CurrentPrompt => _promptIndex < 0 ? null : _prompts[_promptIndex];

    public override ResetResult<string> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _promptIndex = _prompts.SampleIndex(NpRandom);
        _done = false;
        return new(_prompts[_promptIndex], new Dictionary<string, object> { ["prompt"] = _prompts[_promptIndex] });
    }

    public override StepResult<string> Step(string action)
    {
        if (_done) throw new InvalidOperationException("Call Reset before Step: a completion episode is one step long.");
        ArgumentNullException.ThrowIfNull(action);
        ActionSpace.EnsureContains(action, "completion");
        _done = true;
        string prompt = _prompts[_promptIndex];
        double reward = TextRewards.Evaluate(_reward, prompt, action);
        return new(prompt, reward, Terminated: true, Truncated: false,
            new Dictionary<string, object> { ["prompt"] = prompt, ["completion"] = action });
    }

    public override bool SupportsStateSnapshot => true;

    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        NpRandom.SaveState(writer);
        writer.Write(_promptIndex);
        writer.Write(_done);
    }

    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        NpRandom.LoadState(reader);
        int prompt = reader.ReadInt32();
        if (prompt < -1 || prompt >= _prompts.Count) throw new InvalidDataException($"The snapshot's prompt {prompt} does not fit this env ({_prompts.Count} prompts).");
        _promptIndex = prompt;
        _done = reader.ReadBoolean();
    }
}
