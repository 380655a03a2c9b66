namespace DotGym.Text.Data;

/// <summary>A supervised fine-tuning example: the model should answer <paramref name="Prompt"/> with <paramref name="Completion"/>.</summary>
/// <param name="Prompt">The input text.</param>
/// <param name="Completion">The target continuation (the model is trained on it, followed by end of sequence).</param>
public sealed record SftDemonstration(string Prompt, string Completion);

/// <summary>Seeded SFT demonstrations for the sentiment and arithmetic tasks.</summary>
public static class SftDemonstrations
{
    /// <summary>
    /// Review continuations: prompts cut from seeded reviews, completed by the review's rest. With
    /// <paramref name="positiveOnly"/> only positive reviews are kept (demonstrations of the behaviour RLHF then sharpens),
    /// so fewer than <paramref name="count"/> may come back.
    /// </summary>
    public static IReadOnlyList<SftDemonstration> Reviews(int count, long seed, bool positiveOnly = false) =>
        ReviewPrompts.Generate(count, seed)
            .Where(p => !positiveOnly || p.Label == Sentiment.Positive)
            .Select(p => new SftDemonstration(p.Prompt, p.Completion))
            .ToList();

    /// <summary>Additions with their answers ("23+45=" → "68").</summary>
    public static IReadOnlyList<SftDemonstration> Additions(int count, long seed) =>
        AdditionTask.Generate(count, seed).Select(p => new SftDemonstration(p.Prompt, p.Answer)).ToList();
}
