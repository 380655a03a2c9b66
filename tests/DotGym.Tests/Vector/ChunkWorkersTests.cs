using DotGym.Vector;

namespace DotGym.Tests.Vector;

public class ChunkWorkersTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryPassCoversEachItemOnceWhetherWorkersSpinOrSleep(int workers)
    {
        // Passes back to back and after pauses (workers blocked in their wait), mixed, so that a pass never runs an
        // item twice or skips one whatever the timing of the hand-offs.
        const int items = 1000;
        var counts = new int[items];
        using var chunks = new ChunkWorkers(items, workers, (start, end) =>
        {
            for (int i = start; i < end; i++) counts[i]++;
        }, alignment: 8);
        Assert.Equal(workers, chunks.WorkerCount);
        var pauses = new System.Random(5);
        for (int pass = 1; pass <= 600; pass++)
        {
            if (pass % 3 == 0) Thread.Sleep(pauses.Next(0, 2)); // 0 or 1 ms
            chunks.Run();
            for (int i = 0; i < items; i++)
                Assert.True(counts[i] == pass, $"pass {pass}: item {i} ran {counts[i]} times");
        }
    }

    [Fact]
    public void StartAndFinishLetTheCallerWorkMeanwhile()
    {
        var hits = new int[64];
        using var chunks = new ChunkWorkers(64, 2, (start, end) =>
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        });
        for (int pass = 1; pass <= 200; pass++)
        {
            chunks.Start();
            Thread.SpinWait(pass % 7 * 100);
            chunks.Finish();
            Assert.All(hits, h => Assert.Equal(pass, h));
        }
        chunks.Start();
        Assert.Throws<InvalidOperationException>(() => chunks.Start());
        chunks.Finish();
    }

    [Fact]
    public void AWorkersExceptionReachesTheCallerAndTheWorkersKeepServing()
    {
        bool fail = true;
        using var chunks = new ChunkWorkers(16, 2, (start, _) =>
        {
            if (fail && start > 0) throw new InvalidDataException("chunk 1 failed");
        });
        var error = Assert.Throws<InvalidDataException>(chunks.Run);
        Assert.Equal("chunk 1 failed", error.Message);
        fail = false;
        chunks.Run(); // the worker survived its exception
    }

    [Fact]
    public void DisposeStopsWorkersRightAfterAPassOrLater()
    {
        var busy = new ChunkWorkers(16, 2, (_, _) => { });
        busy.Run();
        busy.Dispose(); // right after a pass
        var sleeping = new ChunkWorkers(16, 2, (_, _) => { });
        sleeping.Run();
        Thread.Sleep(20); // the worker is blocked waiting for the next pass
        sleeping.Dispose();
        Assert.Throws<ObjectDisposedException>(sleeping.Run);
    }
}
