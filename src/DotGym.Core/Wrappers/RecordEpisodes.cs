using System.Globalization;
using DotGym.Rendering;

namespace DotGym.Wrappers;

/// <summary>What <see cref="RecordEpisodes{TObs,TAct}"/> writes per recorded episode.</summary>
public enum RecordingFormat
{
    /// <summary>One animated GIF, <c>{prefix}-episode-{n}.gif</c>.</summary>
    Gif,
    /// <summary>A folder of numbered PNG frames, <c>{prefix}-episode-{n}/frame-000000.png</c>.</summary>
    PngFrames,
}

/// <summary>
/// Records <c>rgb_array</c> renders of selected episodes to a folder (Gymnasium's <c>RecordVideo</c>, with managed
/// GIF/PNG encoders instead of a video codec). The first frame is captured after <c>Reset</c> and one more after
/// every <c>Step</c>; an episode's file appears when the episode ends (or at the next reset or on dispose for an
/// unfinished one). Files are written atomically: readers never see a partial GIF or frame folder.
/// Frames are encoded as they arrive, so memory does not grow with episode length.
/// </summary>
public sealed class RecordEpisodes<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly string _folder;
    private readonly RecordingFormat _format;
    private readonly Func<int, bool> _episodeTrigger;
    private readonly string _namePrefix;
    private readonly double _fps;
    private readonly GifPalette _palette;
    private readonly List<string> _written = [];
    private Recording? _recording;
    private bool _warnedMissingFrame;

    /// <param name="env">An env created with render mode <c>rgb_array</c>.</param>
    /// <param name="folder">Output folder (created if missing).</param>
    /// <param name="format">GIF per episode or a PNG folder per episode.</param>
    /// <param name="episodeTrigger">Which episode indices (0-based) to record; default
    /// <see cref="RecordingSchedules.CappedCubic"/>, like Gymnasium. Use <see cref="RecordingSchedules.Every"/> for every k-th.</param>
    /// <param name="namePrefix">File name prefix.</param>
    /// <param name="fps">Playback rate; defaults to the env's <c>Metadata.RenderFps</c>.</param>
    /// <param name="palette">GIF palette choice (ignored for PNG frames).</param>
    public RecordEpisodes(Env<TObs, TAct> env, string folder, RecordingFormat format = RecordingFormat.Gif,
        Func<int, bool>? episodeTrigger = null, string namePrefix = "rl-video", double? fps = null, GifPalette palette = GifPalette.MedianCut)
        : base(env)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(namePrefix);
        if (env.RenderMode != RenderModes.RgbArray)
            throw new ArgumentException($"RecordEpisodes needs an env rendering '{RenderModes.RgbArray}', but {env} has render mode '{env.RenderMode ?? "null"}'. Create it with renderMode: \"{RenderModes.RgbArray}\".", nameof(env));
        if (namePrefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"namePrefix '{namePrefix}' contains characters not allowed in file names.", nameof(namePrefix));
        _fps = fps ?? env.Metadata.RenderFps;
        if (!(_fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps), _fps, "fps must be positive (set it, or declare Metadata.RenderFps on the env).");
        _folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(_folder);
        _format = format;
        _episodeTrigger = episodeTrigger ?? RecordingSchedules.CappedCubic;
        _namePrefix = namePrefix;
        _palette = palette;
    }

    /// <summary>Index of the current episode (-1 before the first reset).</summary>
    public int EpisodeId { get; private set; } = -1;
    public bool IsRecording => _recording is not null;
    /// <summary>Paths of the GIFs or frame folders written so far.</summary>
    public IReadOnlyList<string> WrittenPaths => _written;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        StopRecording();
        EpisodeId++;
        if (_episodeTrigger(EpisodeId))
        {
            string name = $"{_namePrefix}-episode-{EpisodeId.ToString(CultureInfo.InvariantCulture)}";
            _recording = _format == RecordingFormat.Gif
                ? new GifRecording(Path.Combine(_folder, name + ".gif"), _fps, _palette)
                : new PngRecording(Path.Combine(_folder, name));
            CaptureFrame();
        }
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        if (_recording is not null)
        {
            CaptureFrame();
            if (result.Terminated || result.Truncated) StopRecording();
        }
        return result;
    }

    /// <summary>Writes the episode index, which drives the recording schedule.</summary>
    protected override void SaveOwnState(BinaryWriter writer) => writer.Write(EpisodeId);

    /// <summary>
    /// Restores the episode index. A recording in progress is finished first; the restored episode's remaining
    /// frames are not recorded (its earlier frames belong to the run that saved the snapshot).
    /// </summary>
    protected override void LoadOwnState(BinaryReader reader)
    {
        StopRecording();
        EpisodeId = reader.ReadInt32();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) StopRecording();
        base.Dispose(disposing);
    }

    private void CaptureFrame()
    {
        var image = Env.Render()?.Image;
        if (image is null)
        {
            if (!_warnedMissingFrame)
                DotGymWarnings.Warn("RecordEpisodes", $"{Env}.Render() returned no image in '{RenderModes.RgbArray}' mode; those frames are skipped.");
            _warnedMissingFrame = true;
            return;
        }
        try { _recording!.Add(image); }
        catch
        {
            _recording!.Abort();
            _recording = null;
            throw;
        }
    }

    private void StopRecording()
    {
        if (_recording is null) return;
        var recording = _recording;
        _recording = null;
        if (recording.FrameCount == 0) { recording.Abort(); return; }
        _written.Add(recording.Commit());
    }

    private abstract class Recording
    {
        public int FrameCount { get; protected set; }
        public abstract void Add(RgbImage frame);
        /// <summary>Finishes the output and moves it into place; returns its path.</summary>
        public abstract string Commit();
        public abstract void Abort();
    }

    private sealed class GifRecording(string path, double fps, GifPalette palette) : Recording
    {
        private readonly AtomicFile _file = new(path);
        private GifWriter? _writer;

        public override void Add(RgbImage frame)
        {
            _writer ??= new GifWriter(_file.Stream, frame.Width, frame.Height, fps, loopCount: 0, palette, leaveOpen: true);
            _writer.AddFrame(frame);
            FrameCount++;
        }

        public override string Commit()
        {
            _writer!.Finish();
            _file.Commit();
            return _file.Path;
        }

        public override void Abort() => _file.Dispose();
    }

    private sealed class PngRecording : Recording
    {
        private readonly string _path, _tempFolder;

        public PngRecording(string path)
        {
            _path = path;
            _tempFolder = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            Directory.CreateDirectory(_tempFolder);
        }

        public override void Add(RgbImage frame)
        {
            PngEncoder.WriteFile(frame, Path.Combine(_tempFolder, $"frame-{FrameCount.ToString("D6", CultureInfo.InvariantCulture)}.png"));
            FrameCount++;
        }

        public override string Commit()
        {
            if (Directory.Exists(_path)) Directory.Delete(_path, recursive: true);
            Directory.Move(_tempFolder, _path);
            return _path;
        }

        public override void Abort()
        {
            try { Directory.Delete(_tempFolder, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }
}

/// <summary>Episode schedules for <see cref="RecordEpisodes{TObs,TAct}"/>.</summary>
public static class RecordingSchedules
{
    /// <summary>
    /// Gymnasium's <c>capped_cubic_video_schedule</c>: episodes 0, 1, 8, 27, …, perfect cubes below 1000, then
    /// every 1000th.
    /// </summary>
    public static bool CappedCubic(int episode)
    {
        if (episode < 1000)
        {
            int root = (int)Math.Round(Math.Cbrt(episode));
            return root * root * root == episode;
        }
        return episode % 1000 == 0;
    }

    /// <summary>Every episode.</summary>
    public static bool EveryEpisode(int episode) => true;

    /// <summary>Every <paramref name="k"/>-th episode, starting with episode 0.</summary>
    public static Func<int, bool> Every(int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        return episode => episode % k == 0;
    }
}
