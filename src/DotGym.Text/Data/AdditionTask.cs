using System.Globalization;
using DotGym.Random;

namespace DotGym.Text.Data;

/// <summary>A two-digit addition: <see cref="Prompt"/> "23+45=", <see cref="Answer"/> "68".</summary>
/// <param name="A">The first addend, 10..99.</param>
/// <param name="B">The second addend, 10..99.</param>
public sealed record AdditionProblem(int A, int B)
{
    /// <summary>"A+B=".</summary>
    public string Prompt => string.Create(CultureInfo.InvariantCulture, $"{A}+{B}=");
    /// <summary>The sum in decimal digits.</summary>
    public string Answer => (A + B).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The verifiable task: seeded two-digit additions and an exact-match check of the answer.</summary>
public static class AdditionTask
{
    /// <summary>The characters prompts and answers use.</summary>
    public const string Alphabet = "0123456789+=";

    /// <summary><paramref name="count"/> problems with both addends drawn uniformly in 10..99.</summary>
    public static IReadOnlyList<AdditionProblem> Generate(int count, long seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be non-negative.");
        var rng = Seeding.NpRandom(seed).Generator;
        var problems = new List<AdditionProblem>(count);
        for (int i = 0; i < count; i++) problems.Add(new AdditionProblem((int)rng.Integers(10, 100), (int)rng.Integers(10, 100)));
        return problems;
    }

    /// <summary>The answer to a prompt "A+B=" (a clear error for anything else).</summary>
    public static string AnswerFor(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        int plus = prompt.IndexOf('+');
        if (plus > 0 && prompt.EndsWith('=') &&
            int.TryParse(prompt.AsSpan(0, plus), NumberStyles.None, CultureInfo.InvariantCulture, out var a) &&
            int.TryParse(prompt.AsSpan(plus + 1, prompt.Length - plus - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            return (a + b).ToString(CultureInfo.InvariantCulture);
        throw new ArgumentException($"\"{prompt}\" is not an addition prompt of the form \"23+45=\".", nameof(prompt));
    }

    /// <summary>1 when <paramref name="response"/> is exactly the answer to <paramref name="prompt"/> (no spaces, no extra characters), else 0.</summary>
    public static double ExactMatch(string prompt, string response) =>
        string.Equals(response, AnswerFor(prompt), StringComparison.Ordinal) ? 1.0 : 0.0;
}
