namespace DotGym.Vector;

/// <summary>
/// Runs the sub-envs on several threads: they are split into <see cref="WorkerCount"/> contiguous chunks, the calling
/// thread runs the first and dedicated worker threads the others, each chunk always on the same thread. Results are
/// identical to <see cref="SyncVectorEnv{TObs,TAct}"/> (each sub-env only writes its own rows), and a step allocates
/// nothing: workers are woken by semaphores and report through one countdown, which spin briefly before blocking.
/// Worth it when a step of one chunk costs well above a microsecond (many or heavier envs); dispose it to stop the workers.
/// </summary>
public sealed class ThreadedVectorEnv<TObs, TAct> : VectorEnv<TObs, TAct>
{
    private readonly ChunkWorkers _workers;
    private VectorWork _work;

    /// <summary>
    /// Batches <paramref name="envs"/> over <paramref name="workerCount"/> threads (default: the processor count,
    /// at most one per sub-env). The vector env owns and disposes them.
    /// </summary>
    public ThreadedVectorEnv(IEnumerable<Env<TObs, TAct>> envs, AutoresetMode autoresetMode = AutoresetMode.NextStep, int? workerCount = null)
        : base(envs, autoresetMode)
    {
        if (workerCount is <= 0)
            throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "workerCount must be at least 1 (or null for the processor count).");
        int workers = Math.Min(workerCount ?? Environment.ProcessorCount, NumEnvs);
        _workers = new ChunkWorkers(NumEnvs, workers, (start, end) => RunRange(_work, start, end));
    }

    /// <summary>Creates <paramref name="numEnvs"/> sub-envs with <paramref name="makeEnv"/> (called with the index).</summary>
    public ThreadedVectorEnv(int numEnvs, Func<int, Env<TObs, TAct>> makeEnv, AutoresetMode autoresetMode = AutoresetMode.NextStep, int? workerCount = null)
        : this(SubEnvFactory.Create(numEnvs, makeEnv), autoresetMode, workerCount) { }

    /// <summary>Number of threads sharing the sub-envs, the calling one included.</summary>
    public int WorkerCount => _workers.WorkerCount;

    protected override void RunAll(VectorWork work)
    {
        _work = work;
        _workers.Run();
    }

    // StepAsync: the workers start on their chunks now; the caller runs chunk 0 in StepWait.
    protected override void BeginRunAll(VectorWork work)
    {
        _work = work;
        _workers.Start();
    }

    protected override void FinishRunAll() => _workers.Finish();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _workers.Dispose();
        base.Dispose(disposing);
    }
}
