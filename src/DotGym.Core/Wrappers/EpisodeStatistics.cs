using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DotGym.Wrappers;

/// <summary>
/// The statistics of one finished episode, as <see cref="RecordEpisodeStatistics{TObs,TAct}"/> stores them in
/// <c>info["episode"]</c>. Also readable as Gymnasium's dict: keys <c>"r"</c> (return), <c>"l"</c> (length) and
/// <c>"t"</c> (seconds since the episode started, rounded to microseconds).
/// </summary>
public sealed record EpisodeStatistics(double Return, int Length, double Time) : IReadOnlyDictionary<string, object>
{
    private static readonly string[] KeyNames = ["r", "l", "t"];

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Episode statistics have keys r, l and t, not '{key}'.");
    public IEnumerable<string> Keys => KeyNames;
    public IEnumerable<object> Values => [Return, Length, Time];
    public int Count => 3;
    public bool ContainsKey(string key) => key is "r" or "l" or "t";

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        value = key switch { "r" => Return, "l" => Length, "t" => Time, _ => null };
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return new("r", Return);
        yield return new("l", Length);
        yield return new("t", Time);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
