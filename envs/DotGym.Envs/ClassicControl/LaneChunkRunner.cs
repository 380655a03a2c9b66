namespace DotGym.Envs.ClassicControl;

/// <summary>
/// Runs one body over <c>[0, laneCount)</c> split into fixed contiguous chunks whose bounds are multiples of
/// <c>alignment</c>: chunk 0 on the calling thread, chunk <c>w</c> on a dedicated worker thread <c>w</c>.
/// <see cref="Run"/> returns when every chunk is done and allocates nothing, unlike <c>Parallel.For</c>.
/// The chunking never changes, and the body must only touch its own lanes, so results never depend on timing.
/// </summary>
internal sealed class LaneChunkRunner : IDisposable
{
    private readonly Action<int, int> _body;
    private readonly int[] _bounds; // chunk w is [_bounds[w], _bounds[w + 1])
    private readonly Thread[] _workers; // _workers[w - 1] runs chunk w
    private readonly SemaphoreSlim[] _go;
    private readonly ManualResetEventSlim _allDone = new(false);
    private readonly Exception?[] _errors;
    private int _pending;
    private volatile bool _stopping;

    public LaneChunkRunner(int laneCount, int threadCount, int alignment, Action<int, int> body)
    {
        _body = body;
        int blocks = (laneCount + alignment - 1) / alignment;
        ChunkCount = Math.Clamp(threadCount, 1, Math.Max(1, blocks));
        _bounds = new int[ChunkCount + 1];
        for (int w = 0; w <= ChunkCount; w++) _bounds[w] = Math.Min(laneCount, (int)((long)blocks * w / ChunkCount) * alignment);
        _errors = new Exception?[ChunkCount];
        _go = new SemaphoreSlim[ChunkCount - 1];
        _workers = new Thread[ChunkCount - 1];
        for (int w = 1; w < ChunkCount; w++)
        {
            _go[w - 1] = new SemaphoreSlim(0);
            int chunk = w;
            _workers[w - 1] = new Thread(() => WorkerLoop(chunk)) { IsBackground = true, Name = $"DotGym lane chunk {w}" };
            _workers[w - 1].Start();
        }
    }

    /// <summary>Number of chunks (threads, the caller's included) actually used.</summary>
    public int ChunkCount { get; }

    public void Run()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (ChunkCount > 1)
        {
            _allDone.Reset();
            Volatile.Write(ref _pending, ChunkCount - 1);
            foreach (var go in _go) go.Release();
        }
        try
        {
            _body(_bounds[0], _bounds[1]);
        }
        finally
        {
            if (ChunkCount > 1) _allDone.Wait();
        }
        for (int w = 1; w < ChunkCount; w++)
        {
            if (_errors[w] is { } error)
            {
                _errors[w] = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }

    private void WorkerLoop(int chunk)
    {
        var go = _go[chunk - 1];
        while (true)
        {
            go.Wait();
            if (_stopping) return;
            try
            {
                _body(_bounds[chunk], _bounds[chunk + 1]);
            }
            catch (Exception e)
            {
                _errors[chunk] = e; // rethrown by Run on the caller's thread, never lost on a worker
            }
            finally
            {
                if (Interlocked.Decrement(ref _pending) == 0) _allDone.Set();
            }
        }
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        foreach (var go in _go) go.Release();
        foreach (var worker in _workers) worker.Join();
        foreach (var go in _go) go.Dispose();
        _allDone.Dispose();
    }
}
