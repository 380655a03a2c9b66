namespace DotGym.Text.Tokenization;

/// <summary>
/// Trains a <see cref="ByteBpeTokenizer"/> on a corpus: starting from bytes, repeatedly merges the most frequent
/// adjacent pair (counted inside GPT-2 pre-tokenized pieces, weighted by how often each piece occurs). Ties go to
/// the smallest (left id, right id), so the result depends only on the corpus and the parameters.
/// </summary>
public static class BpeTrainer
{
    /// <summary>The smallest vocabulary: 256 bytes and the 3 special tokens.</summary>
    public const int MinVocabSize = 256 + 3;

    /// <summary>
    /// Learns merges until the vocabulary has <paramref name="vocabSize"/> ids (bytes + merges + 3 special tokens)
    /// or no pair occurs at least <paramref name="minPairFrequency"/> times (then the vocabulary is smaller).
    /// </summary>
    public static ByteBpeTokenizer Train(IEnumerable<string> corpus, int vocabSize, int minPairFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (vocabSize < MinVocabSize)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"A byte-level BPE vocabulary needs at least {MinVocabSize} ids (256 bytes + 3 special tokens).");
        if (minPairFrequency < 1) throw new ArgumentOutOfRangeException(nameof(minPairFrequency), minPairFrequency, "minPairFrequency must be at least 1.");

        var words = CountPieces(corpus);
        var merges = new List<(int, int)>();
        int target = vocabSize - MinVocabSize;
        var counts = new Dictionary<(int, int), long>();
        while (merges.Count < target)
        {
            counts.Clear();
            foreach (var (ids, count) in words)
                for (int i = 0; i + 1 < ids.Count; i++)
                    counts[(ids[i], ids[i + 1])] = counts.GetValueOrDefault((ids[i], ids[i + 1])) + count;
            if (!TryBest(counts, minPairFrequency, out var best)) break;
            int merged = 256 + merges.Count;
            merges.Add(best);
            foreach (var (ids, _) in words) ByteBpeTokenizer.ApplyMerge(ids, best, merged);
        }
        return new ByteBpeTokenizer(merges);
    }

    private static List<(List<int> Ids, long Count)> CountPieces(IEnumerable<string> corpus)
    {
        var pieces = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            if (text is null) throw new ArgumentException("The corpus contains a null text.", nameof(corpus));
            foreach (var piece in Gpt2PreTokenizer.Split(text)) pieces[piece] = pieces.GetValueOrDefault(piece) + 1;
        }
        // Sorted so the iteration order (and so nothing at all) depends on the dictionary's hashing.
        return pieces.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (ByteBpeTokenizer.Utf8Of(p.Key, p.Key).Select(b => (int)b).ToList(), p.Value))
            .ToList();
    }

    private static bool TryBest(Dictionary<(int, int), long> counts, int minPairFrequency, out (int, int) best)
    {
        best = default;
        long bestCount = 0;
        foreach (var (pair, count) in counts)
        {
            if (count > bestCount || (count == bestCount && pair.CompareTo(best) < 0))
            {
                best = pair;
                bestCount = count;
            }
        }
        return bestCount >= minPairFrequency;
    }
}
