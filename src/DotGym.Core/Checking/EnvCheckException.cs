namespace DotGym.Checking;

/// <summary>
/// Thrown by <see cref="EnvChecker.Check"/> when an env breaks the DotGym/Gymnasium env contract. The message lists
/// every failure with what to fix; <see cref="Failures"/> and <see cref="Warnings"/> hold them separately.
/// </summary>
public sealed class EnvCheckException : Exception
{
    public EnvCheckException(string env, IReadOnlyList<string> failures, IReadOnlyList<string> warnings)
        : base(Format(env, failures, warnings))
    {
        Failures = failures;
        Warnings = warnings;
    }

    public IReadOnlyList<string> Failures { get; }
    public IReadOnlyList<string> Warnings { get; }

    private static string Format(string env, IReadOnlyList<string> failures, IReadOnlyList<string> warnings)
    {
        var text = new System.Text.StringBuilder();
        text.Append($"{env} failed {failures.Count} env check{(failures.Count == 1 ? "" : "s")}:");
        for (int i = 0; i < failures.Count; i++) text.Append($"\n  {i + 1}. {failures[i]}");
        if (warnings.Count > 0)
        {
            text.Append("\nWarnings:");
            foreach (var w in warnings) text.Append($"\n  - {w}");
        }
        return text.ToString();
    }
}
