using DotGym.Envs.Text.Rewards;
using DotGym.Spaces;
using DotGym.Text.Tokenization;

namespace DotGym.Envs.Text;

/// <summary>
/// Token-level text generation: one episode is one sequence. Reset draws a prompt; each step appends the action (a
/// token id) to the sequence. The episode terminates when the action is end of sequence, or is truncated after
/// <see cref="MaxNewTokens"/> tokens; only that last step is rewarded, with the reward function's score of the decoded
/// response (plus <see cref="MissingEosPenalty"/> when it was truncated). The KL penalty of RLHF is the learner's job.
/// <para>
/// Observation: a <see cref="TokenObservation"/> dictionary (<c>input_ids</c>, <c>attention_mask</c>,
/// <c>response_start</c>) of fixed length <see cref="ContextLength"/>, owned by the env (valid until the next call).
/// Action: <see cref="Discrete"/> over the vocabulary. Info: <c>"action_mask"</c> (<c>byte[VocabSize]</c>, 0 for padding
/// and begin of sequence: advisory, a masked token is still accepted), <c>"prompt"</c>, <c>"response_text"</c> (the
/// decoded response so far), <c>"num_generated"</c>; on the last step also <c>"score"</c> (the reward function's
/// value) and <c>"eos_emitted"</c>.
/// </para>
/// </summary>
public sealed class TokenGenerationEnv : Env<IReadOnlyDictionary<string, object>, int>
{
    /// <summary>Info key of the action mask.</summary>
    public const string ActionMaskKey = "action_mask";

    private readonly ITokenizer _tokenizer;
    private readonly PromptSource _prompts;
    private readonly ITextReward _reward;
    private readonly int[][] _encodedPrompts;
    private readonly int[] _inputIds;
    private readonly byte[] _attention;
    private readonly byte[] _actionMask;
    private readonly Dictionary<string, object> _observation;
    private readonly Dictionary<string, object> _info = new(StringComparer.Ordinal);
    private int _promptIndex = -1;
    private int _length;
    private int _responseStart;
    private bool _done = true;

    /// <param name="tokenizer">Encodes the prompts and decodes the responses.</param>
    /// <param name="prompts">Where episodes start; every prompt is encoded here, so a prompt the tokenizer cannot encode or that does not fit fails at once.</param>
    /// <param name="reward">Scores (prompt, decoded response) at the end of the episode.</param>
    /// <param name="contextLength">Length of the token buffer; every prompt (with its begin-of-sequence token) plus <paramref name="maxNewTokens"/> must fit.</param>
    /// <param name="maxNewTokens">Most tokens generated per episode (the end-of-sequence token included).</param>
    /// <param name="missingEosPenalty">Added to the reward when the response never emitted end of sequence (usually negative).</param>
    /// <param name="prependBos">Start every sequence with the tokenizer's begin-of-sequence id.</param>
    public TokenGenerationEnv(ITokenizer tokenizer, PromptSource prompts, ITextReward reward, int contextLength, int maxNewTokens,
        double missingEosPenalty = -1.0, bool prependBos = true)
    {
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _reward = reward ?? throw new ArgumentNullException(nameof(reward));
        if (maxNewTokens < 1) throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, "maxNewTokens must be at least 1.");
        if (contextLength < 2) throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "contextLength must be at least 2.");
        if (!double.IsFinite(missingEosPenalty)) throw new ArgumentOutOfRangeException(nameof(missingEosPenalty), missingEosPenalty, "missingEosPenalty must be finite.");
        if (tokenizer.VocabSize < 1) throw new ArgumentException("The tokenizer has an empty vocabulary.", nameof(tokenizer));
        ContextLength = contextLength;
        MaxNewTokens = maxNewTokens;
        MissingEosPenalty = missingEosPenalty;
        PrependBos = prependBos;

        _encodedPrompts = new int[prompts.Count][];
        for (int i = 0; i < prompts.Count; i++)
        {
            int[] ids = tokenizer.Encode(prompts[i]);
            if (prependBos) ids = [tokenizer.BosId, .. ids];
            if (ids.Length + maxNewTokens > contextLength)
                throw new ArgumentException(
                    $"Prompt {i} (\"{prompts[i]}\") is {ids.Length} tokens{(prependBos ? " with its begin-of-sequence token" : "")}; with maxNewTokens {maxNewTokens} it needs a context of {ids.Length + maxNewTokens}, but contextLength is {contextLength}. " +
                    "Raise contextLength, lower maxNewTokens or shorten the prompt.", nameof(prompts));
            if (ids.Length == 0)
                throw new ArgumentException($"Prompt {i} encodes to no tokens; use a non-empty prompt or prependBos.", nameof(prompts));
            _encodedPrompts[i] = ids;
        }

        ObservationSpace = TokenObservation.Space(tokenizer.VocabSize, contextLength);
        ActionSpace = new Discrete(tokenizer.VocabSize);
        _inputIds = new int[contextLength];
        _attention = new byte[contextLength];
        _actionMask = new byte[tokenizer.VocabSize];
        Array.Fill(_actionMask, (byte)1);
        // Pad and Bos never belong in a response; GPT-2 uses one id for all three, so never mask end of sequence.
        if (tokenizer.PadId != tokenizer.EosId) _actionMask[tokenizer.PadId] = 0;
        if (tokenizer.BosId != tokenizer.EosId) _actionMask[tokenizer.BosId] = 0;
        _observation = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [TokenObservation.InputIdsKey] = _inputIds,
            [TokenObservation.AttentionMaskKey] = _attention,
            [TokenObservation.ResponseStartKey] = 0,
        };
        Array.Fill(_inputIds, tokenizer.PadId);
    }

    public override Space<IReadOnlyDictionary<string, object>> ObservationSpace { get; }
    public override Space<int> ActionSpace { get; }

    /// <summary>The tokenizer of prompts and responses.</summary>
    public ITokenizer Tokenizer => _tokenizer;
    /// <summary>The reward function.</summary>
    public ITextReward Reward => _reward;
    /// <summary>The prompts episodes start from.</summary>
    public PromptSource Prompts => _prompts;
    /// <summary>Length of the token buffer.</summary>
    public int ContextLength { get; }
    /// <summary>Most tokens generated per episode.</summary>
    public int MaxNewTokens { get; }
    /// <summary>Added to the final reward of a response that never emitted end of sequence.</summary>
    public double MissingEosPenalty { get; }
    /// <summary>Whether sequences start with the begin-of-sequence id.</summary>
    public bool PrependBos { get; }
    /// <summary>The advisory action mask (also in every info as <c>"action_mask"</c>).</summary>
    public ReadOnlySpan<byte> ActionMask => _actionMask;
    /// <summary>The current prompt's text (null before the first reset).</summary>
    public string? CurrentPrompt => _promptIndex < 0 ? null : _prompts[_promptIndex];
    /// <summary>The decoded response so far.</summary>
    public string ResponseText => _tokenizer.Decode(_inputIds.AsSpan(_responseStart, _length - _responseStart));

    public override ResetResult<IReadOnlyDictionary<string, object>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        LoadPrompt(_prompts.SampleIndex(NpRandom));
        _done = false;
        _info.Clear();
        _info[ActionMaskKey] = _actionMask;
        _info["prompt"] = _prompts[_promptIndex];
        _info["response_text"] = "";
        _info["num_generated"] = 0;
        return new(_observation, _info);
    }

    private void LoadPrompt(int index)
    {
        _promptIndex = index;
        var ids = _encodedPrompts[index];
        ids.CopyTo(_inputIds, 0);
        Array.Fill(_inputIds, _tokenizer.PadId, ids.Length, ContextLength - ids.Length);
        Array.Fill(_attention, (byte)1, 0, ids.Length);
        Array.Fill(_attention, (byte)0, ids.Length, ContextLength - ids.Length);
        _length = ids.Length;
        _responseStart = ids.Length;
        _observation[TokenObservation.ResponseStartKey] = _responseStart;
    }

    public override StepResult<IReadOnlyDictionary<string, object>> Step(int action)
    {
        if (_done)
            throw new InvalidOperationException(_promptIndex < 0
                ? "Call Reset before Step: the episode has not started."
                : "The episode has ended (end of sequence or MaxNewTokens); call Reset to start a new one.");
        ActionSpace.EnsureContains(action);
        _inputIds[_length] = action;
        _attention[_length] = 1;
        _length++;
        int generated = _length - _responseStart;
        bool terminated = action == _tokenizer.EosId;
        bool truncated = !terminated && generated >= MaxNewTokens;
        string response = ResponseText;
        _info["response_text"] = response;
        _info["num_generated"] = generated;
        double reward = 0;
        if (terminated || truncated)
        {
            _done = true;
            double score = TextRewards.Evaluate(_reward, _prompts[_promptIndex], response);
            reward = score + (truncated ? MissingEosPenalty : 0);
            _info["score"] = score;
            _info["eos_emitted"] = terminated;
        }
        return new(_observation, reward, terminated, truncated, _info);
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes the generator, the prompt and the generated tokens.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        NpRandom.SaveState(writer);
        writer.Write(_promptIndex);
        writer.Write(_done);
        writer.Write(_length - _responseStart);
        for (int i = _responseStart; i < _length; i++) writer.Write(_inputIds[i]);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote into an env built the same way.</summary>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        NpRandom.LoadState(reader);
        int prompt = reader.ReadInt32();
        bool done = reader.ReadBoolean();
        int generated = reader.ReadInt32();
        if (prompt < -1 || prompt >= _prompts.Count || generated < 0 || generated > MaxNewTokens)
            throw new InvalidDataException($"The snapshot (prompt {prompt}, {generated} tokens) does not fit this env ({_prompts.Count} prompts, MaxNewTokens {MaxNewTokens}).");
        _info.Clear();
        _info[ActionMaskKey] = _actionMask;
        _done = done;
        if (prompt < 0)
        {
            _promptIndex = -1;
            return;
        }
        LoadPrompt(prompt);
        for (int i = 0; i < generated; i++)
        {
            _inputIds[_length] = reader.ReadInt32();
            _attention[_length++] = 1;
        }
        _info["prompt"] = _prompts[_promptIndex];
        _info["response_text"] = ResponseText;
        _info["num_generated"] = generated;
    }
}
