namespace DotGym.Rendering;

/// <summary>
/// Writes a file so that readers never see it half-written: the content goes to a temporary file in the same
/// folder, which replaces the target only on <see cref="Commit"/>. Disposing without committing deletes it.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    public AtomicFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        TempPath = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The final path.</summary>
    public string Path { get; }
    /// <summary>Where the content is written until <see cref="Commit"/>.</summary>
    public string TempPath { get; }
    public Stream Stream => _stream;

    /// <summary>Flushes to disk and moves the temporary file onto <see cref="Path"/> (replacing any old file).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TempPath, Path, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { /* best effort: a leftover .tmp is harmless */ }
    }

    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = new AtomicFile(path);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        writer.Write(text);
    });
}
