using System.Runtime.ExceptionServices;

namespace DotGym.Vector;

/// <summary>
/// Runs one fixed body over <c>[0, itemCount)</c> split into fixed contiguous chunks: chunk 0 on the calling thread,
/// chunk <c>w</c> on dedicated worker thread <c>w</c>. Chunk bounds are multiples of <c>alignment</c> (e.g. 4 for
/// envs stepped four per SIMD vector). <see cref="Run"/> returns when every chunk is done and allocates nothing,
/// unlike <c>Parallel.For</c>. The chunking never changes and the body must only touch its own items, so results
/// never depend on thread timing. <see cref="Start"/> + <see cref="Finish"/> split a run so the caller can overlap
/// other work with the workers' chunks (it runs chunk 0 itself in <see cref="Finish"/>). One caller at a time.
/// </summary>
public sealed class ChunkWorkers : IDisposable
{
    private readonly Action<int, int> _body;
    private readonly int[] _bounds;                 // chunk w is [_bounds[w], _bounds[w + 1])
    private readonly Thread[] _threads;             // _threads[w - 1] runs chunk w
    private readonly SemaphoreSlim[] _go;
    private readonly ManualResetEventSlim _allDone = new(false);
    private readonly Exception?[] _errors;
    private int _pending;
    private bool _started;
    private volatile bool _stopping;

    /// <param name="itemCount">Items to cover (at least 0).</param>
    /// <param name="workerCount">Threads wanted, the caller's included; clamped to [1, number of aligned blocks].</param>
    /// <param name="body">Runs items <c>[start, end)</c>; must touch only those items.</param>
    /// <param name="alignment">Chunk bounds are multiples of this (the last chunk ends at <paramref name="itemCount"/>).</param>
    public ChunkWorkers(int itemCount, int workerCount, Action<int, int> body, int alignment = 1)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 1);
        _body = body;
        int blocks = (itemCount + alignment - 1) / alignment;
        WorkerCount = Math.Clamp(workerCount, 1, Math.Max(1, blocks));
        _bounds = new int[WorkerCount + 1];
        for (int w = 0; w <= WorkerCount; w++) _bounds[w] = Math.Min(itemCount, (int)((long)blocks * w / WorkerCount) * alignment);
        _errors = new Exception?[WorkerCount];
        _go = new SemaphoreSlim[WorkerCount - 1];
        _threads = new Thread[WorkerCount - 1];
        for (int w = 1; w < WorkerCount; w++)
        {
            _go[w - 1] = new SemaphoreSlim(0);
            int chunk = w;
            _threads[w - 1] = new Thread(() => WorkerLoop(chunk)) { IsBackground = true, Name = $"DotGym chunk worker {w}" };
            _threads[w - 1].Start();
        }
    }

    /// <summary>Number of chunks (threads, the caller's included) actually used.</summary>
    public int WorkerCount { get; }

    /// <summary>Runs every chunk and returns when all are done; rethrows the lowest chunk's exception.</summary>
    public void Run()
    {
        Start();
        Finish();
    }

    /// <summary>Wakes the worker threads on their chunks and returns at once; <see cref="Finish"/> must follow.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (_started) throw new InvalidOperationException("ChunkWorkers.Start was called twice; call Finish() to complete the running pass first.");
        _started = true;
        if (WorkerCount > 1)
        {
            _allDone.Reset();
            Volatile.Write(ref _pending, WorkerCount - 1);
            foreach (var go in _go) go.Release();
        }
    }

    /// <summary>Runs chunk 0 on the calling thread, waits for the workers, and rethrows the lowest chunk's exception.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (!_started) throw new InvalidOperationException("ChunkWorkers.Finish was called without Start().");
        try
        {
            RunChunk(0);
            if (WorkerCount > 1) _allDone.Wait();
        }
        finally
        {
            _started = false;
        }
        RethrowFirstError();
    }

    private void WorkerLoop(int chunk)
    {
        var go = _go[chunk - 1];
        while (true)
        {
            go.Wait();
            if (_stopping) return;
            RunChunk(chunk);
            if (Interlocked.Decrement(ref _pending) == 0) _allDone.Set();
        }
    }

    private void RunChunk(int chunk)
    {
        try
        {
            _body(_bounds[chunk], _bounds[chunk + 1]);
        }
        catch (Exception e)
        {
            _errors[chunk] = e; // rethrown on the caller's thread, never lost on a worker
        }
    }

    // The lowest chunk's error wins, so the exception does not depend on thread timing.
    private void RethrowFirstError()
    {
        Exception? first = null;
        for (int w = 0; w < _errors.Length; w++)
        {
            first ??= _errors[w];
            _errors[w] = null;
        }
        if (first is not null) ExceptionDispatchInfo.Capture(first).Throw();
    }

    /// <summary>Stops and joins the worker threads (after a started pass has finished).</summary>
    public void Dispose()
    {
        if (_stopping) return;
        if (_started && WorkerCount > 1) _allDone.Wait();
        _stopping = true;
        foreach (var go in _go) go.Release();
        foreach (var thread in _threads) thread.Join();
        foreach (var go in _go) go.Dispose();
        _allDone.Dispose();
    }
}
