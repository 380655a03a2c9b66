namespace DotGym.Rlhf.Training;

/// <summary>Diversity of generated text.</summary>
public static class TextMetrics
{
    /// <summary>distinct-n (Li et al. 2016): distinct word n-grams over all word n-grams of <paramref name="texts"/>.</summary>
    public static double DistinctN(IEnumerable<string> texts, int n = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var text in texts)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i + n <= words.Length; i++)
            {
                seen.Add(string.Join(' ', words, i, n));
                total++;
            }
        }
        return total == 0 ? 0 : (double)seen.Count / total;
    }
}
