using DotGym.Rendering;
using System.Globalization;
using System.Text;

namespace DotGym.Agents.Logging;

/// <summary>
/// An append-only CSV with a fixed header (spreadsheet-friendly, invariant culture, round-trip doubles). Rows are
/// flushed as they come so a crash loses at most the last line; a resumed run truncates rows past its checkpoint.
/// </summary>
public sealed class CsvLog : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvLog(string path, IReadOnlyList<string> columns, long? keepRowsUpToStep = null)
    {
        Columns = columns;
        string header = string.Join(",", columns);
        if (keepRowsUpToStep is { } last && File.Exists(path))
        {
            // Resume: keep the header and the rows logged up to the checkpoint (first column is the global step).
            var kept = File.ReadLines(path).Skip(1)
                .Where(line => long.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) && step <= last)
                .ToList();
            AtomicFile.WriteAllText(path, header + "\n" + string.Concat(kept.Select(k => k + "\n")));
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }
        else
        {
            _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            _writer.Write(header + "\n");
        }
        _writer.Flush();
    }

    public IReadOnlyList<string> Columns { get; }

    public void Append(IReadOnlyList<double> values)
    {
        if (values.Count != Columns.Count) throw new ArgumentException($"CSV row has {values.Count} values for {Columns.Count} columns.");
        var line = new StringBuilder();
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(Format(values[i]));
        }
        line.Append('\n');
        _writer.Write(line.ToString());
        _writer.Flush();
    }

    internal static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _writer.Dispose();
}
