using System.Runtime.ExceptionServices;

namespace DotGym.Vector;

/// <summary>
/// Runs one fixed body over <c>[0, itemCount)</c> split into contiguous chunks: chunk 0 on the calling thread, chunk
/// <c>w</c> on worker thread <c>w</c>. <see cref="Run"/> returns when every chunk is done and allocates nothing.
/// </summary>
internal sealed class ChunkWorkers : IDisposable
{
    private readonly Action<int, int> _body;
    private readonly int[] _bounds;                 // chunk w is [_bounds[w], _bounds[w + 1])
    private readonly Thread[] _threads;             // _threads[w - 1] runs chunk w
    private readonly SemaphoreSlim[] _go;
    private readonly ManualResetEventSlim _allDone = new(false);
    private readonly Exception?[] _errors;
    private int _pending;
    private volatile bool _stopping;

    public ChunkWorkers(int itemCount, int workerCount, Action<int, int> body)
    {
        _body = body;
        WorkerCount = Math.Clamp(workerCount, 1, Math.Max(1, itemCount));
        _bounds = new int[WorkerCount + 1];
        for (int w = 0; w <= WorkerCount; w++) _bounds[w] = (int)((long)itemCount * w / WorkerCount);
        _errors = new Exception?[WorkerCount];
        _go = new SemaphoreSlim[WorkerCount - 1];
        _threads = new Thread[WorkerCount - 1];
        for (int w = 1; w < WorkerCount; w++)
        {
            _go[w - 1] = new SemaphoreSlim(0);
            int chunk = w;
            _threads[w - 1] = new Thread(() => WorkerLoop(chunk)) { IsBackground = true, Name = $"DotGym vector worker {w}" };
            _threads[w - 1].Start();
        }
    }

    public int WorkerCount { get; }

    public void Run()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (WorkerCount > 1)
        {
            _allDone.Reset();
            Volatile.Write(ref _pending, WorkerCount - 1);
            foreach (var go in _go) go.Release();
        }
        RunChunk(0);
        if (WorkerCount > 1) _allDone.Wait();
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
            _errors[chunk] = e;
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

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        foreach (var go in _go) go.Release();
        foreach (var thread in _threads) thread.Join();
        foreach (var go in _go) go.Dispose();
        _allDone.Dispose();
    }
}
