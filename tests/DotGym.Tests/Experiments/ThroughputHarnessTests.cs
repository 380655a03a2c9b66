using System.Text.Json;
using DotGym.Envs.ClassicControl;
using DotGym.Experiments.Throughput;
using DotGym.Experiments.Throughput.Cases;
using DotGym.Wrappers;

namespace DotGym.Tests.Experiments;

/// <summary>
/// The throughput harness with a fake clock and fake workloads: which repetitions it times, their median, the
/// allocation count, the JSON shape, the case catalog and bad settings. No assertion depends on real timing.
/// </summary>
public class ThroughputHarnessTests
{
    [Theory]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 1.0, 100.0, 2.0, 3.0, 1000.0 }, 3.0)] // outliers do not drag it
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double expected) =>
        Assert.Equal(expected, ThroughputRunner.Median(values));

    [Fact]
    public void Median_of_nothing_is_rejected() =>
        Assert.Throws<ArgumentException>(() => ThroughputRunner.Median([]));

    [Fact]
    public void Runner_times_k_repetitions_after_warm_up_and_reports_their_median()
    {
        var clock = new FakeClock();
        var workload = new FakeWorkload(clock, stepsPerIteration: 10, microsecondsPerIteration: [1, 3, 2, 5, 4, 7]);
        var runner = new ThroughputRunner(new ThroughputOptions { SecondsPerCase = 1, Repetitions = 5, Clock = clock });

        var result = runner.Run(new ThroughputCase("Fake/case", "a fake", () => workload));

        var timed = workload.Calls.TakeLast(5).ToArray();
        Assert.True(workload.Calls.Count > 5, "the harness warms up before timing");
        Assert.All(timed, call => Assert.Equal(timed[0].Iterations, call.Iterations)); // equal repetitions
        var expectedRates = timed.Select(c => c.Steps / (c.Microseconds / 1e6)).ToArray();
        Assert.Equal(expectedRates.Length, result.RepetitionStepsPerSecond.Count);
        for (int i = 0; i < expectedRates.Length; i++)
            Assert.Equal(expectedRates[i], result.RepetitionStepsPerSecond[i], 1e-9 * expectedRates[i]);
        Assert.Equal(ThroughputRunner.Median(expectedRates), result.StepsPerSecond, 1e-9 * result.StepsPerSecond);
        Assert.NotEqual(expectedRates.Average(), result.StepsPerSecond, 1e-6 * result.StepsPerSecond); // a median, not a mean
        Assert.Equal(timed[0].Steps, result.StepsPerRepetition);
        Assert.Equal("Fake/case", result.Name);
        Assert.True(workload.Disposed);
    }

    [Fact]
    public void Allocated_bytes_per_step_count_the_timed_repetitions()
    {
        var clock = new FakeClock();
        var workload = new FakeWorkload(clock, stepsPerIteration: 10, microsecondsPerIteration: [2], bytesPerIteration: 1000);
        var result = new ThroughputRunner(new ThroughputOptions { SecondsPerCase = 1, Repetitions = 3, Clock = clock })
            .Run(new ThroughputCase("Fake/allocating", "allocates 1000 bytes per 10 steps", () => workload));
        Assert.NotNull(result.AllocatedBytesPerStep);
        Assert.InRange(result.AllocatedBytesPerStep!.Value, 100, 110); // 1000-byte array plus its header, per 10 steps
    }

    [Fact]
    public void Allocations_on_other_threads_are_reported_as_unknown()
    {
        var clock = new FakeClock();
        var workload = new FakeWorkload(clock, stepsPerIteration: 1, microsecondsPerIteration: [1], allocationsOnCallingThread: false);
        var result = new ThroughputRunner(new ThroughputOptions { SecondsPerCase = 1, Repetitions = 3, Clock = clock })
            .Run(new ThroughputCase("Fake/threaded", "pretends to use threads", () => workload));
        Assert.Null(result.AllocatedBytesPerStep);
    }

    [Fact]
    public void RunAll_reports_each_case_in_order()
    {
        var clock = new FakeClock();
        var heard = new List<string>();
        var results = new ThroughputRunner(new ThroughputOptions { SecondsPerCase = 0.1, Repetitions = 3, Clock = clock }).RunAll(
            [
                new ThroughputCase("A", "first", () => new FakeWorkload(clock, 1, [1])),
                new ThroughputCase("B", "second", () => new FakeWorkload(clock, 1024, [3])),
            ],
            r => heard.Add(r.Name));
        Assert.Equal(["A", "B"], results.Select(r => r.Name));
        Assert.Equal(["A", "B"], heard);
    }

    [Fact]
    public void A_workload_that_reports_no_steps_is_named()
    {
        var clock = new FakeClock();
        var runner = new ThroughputRunner(new ThroughputOptions { SecondsPerCase = 0.1, Repetitions = 1, Clock = clock });
        var error = Assert.Throws<InvalidOperationException>(() => runner.Run(new ThroughputCase("Fake/zero", "reports 0", () => new FakeWorkload(clock, 0, [1]))));
        Assert.Contains("Fake/zero", error.Message);
    }

    [Theory]
    [InlineData(0.0, 7)]
    [InlineData(-1.0, 7)]
    [InlineData(double.NaN, 7)]
    [InlineData(double.PositiveInfinity, 7)]
    [InlineData(1.0, 0)]
    public void Impossible_settings_are_rejected(double seconds, int repetitions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThroughputRunner(new ThroughputOptions { SecondsPerCase = seconds, Repetitions = repetitions }));

    [Fact]
    public void Json_maps_case_names_to_steps_per_second_with_machine_and_settings()
    {
        var machine = new MachineInfo("Test CPU @ 3 GHz", 2, "Linux test", ".NET 10.0.0", null);
        var options = new ThroughputOptions { SecondsPerCase = 1.5, Repetitions = 3 };
        var report = new ThroughputReport(machine, options,
        [
            new ThroughputResult("CartPole-v1/single", "d", 2_000_000, [1_900_000, 2_000_000, 2_100_000], 500_000, 0),
            new ThroughputResult("CartPole-v1/vec1024/threaded", "d", 9e7, [8e7, 9e7, 1e8], 1024 * 100, null),
        ]);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["machine", "settings", "steps_per_second", "allocated_bytes_per_step", "repetitions_steps_per_second"],
            root.EnumerateObject().Select(p => p.Name));

        var m = root.GetProperty("machine");
        Assert.Equal("Test CPU @ 3 GHz", m.GetProperty("cpu").GetString());
        Assert.Equal(2, m.GetProperty("cores").GetInt32());
        Assert.Equal("Linux test", m.GetProperty("os").GetString());
        Assert.Equal(".NET 10.0.0", m.GetProperty("dotnet").GetString());
        Assert.Equal(JsonValueKind.Null, m.GetProperty("git_commit").ValueKind);

        Assert.Equal(1.5, root.GetProperty("settings").GetProperty("seconds_per_case").GetDouble());
        Assert.Equal(3, root.GetProperty("settings").GetProperty("repetitions").GetInt32());

        var rates = root.GetProperty("steps_per_second");
        Assert.Equal(["CartPole-v1/single", "CartPole-v1/vec1024/threaded"], rates.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2_000_000, rates.GetProperty("CartPole-v1/single").GetDouble());
        Assert.Equal(9e7, rates.GetProperty("CartPole-v1/vec1024/threaded").GetDouble());

        var bytes = root.GetProperty("allocated_bytes_per_step");
        Assert.Equal(0, bytes.GetProperty("CartPole-v1/single").GetDouble());
        Assert.Equal(JsonValueKind.Null, bytes.GetProperty("CartPole-v1/vec1024/threaded").ValueKind);

        var samples = root.GetProperty("repetitions_steps_per_second").GetProperty("CartPole-v1/single");
        Assert.Equal([1_900_000.0, 2_000_000.0, 2_100_000.0], samples.EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void Json_records_the_git_commit_when_known()
    {
        var report = new ThroughputReport(new MachineInfo("cpu", 1, "os", "net", "0123456789abcdef"), new ThroughputOptions(), []);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal("0123456789abcdef", json.RootElement.GetProperty("machine").GetProperty("git_commit").GetString());
    }

    [Fact]
    public void Cpu_model_is_read_from_proc_cpuinfo_text()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\nflags\t\t: fpu\n";
        Assert.Equal("Intel(R) Xeon(R) CPU @ 2.20GHz", MachineInfo.ParseCpuModel(cpuinfo));
        Assert.Null(MachineInfo.ParseCpuModel("processor\t: 0\n"));
    }

    [Fact]
    public void Machine_detection_fills_every_field()
    {
        var machine = MachineInfo.Detect();
        Assert.False(string.IsNullOrWhiteSpace(machine.Cpu));
        Assert.True(machine.Cores >= 1);
        Assert.False(string.IsNullOrWhiteSpace(machine.OperatingSystem));
        Assert.Contains(".NET", machine.DotNet);
    }

    private static readonly IReadOnlyList<ThroughputCase> LocalCases =
    [
        SingleEnvCases.Create("CartPole-v1/single", () => new CartPoleEnv()),
        SingleEnvCases.Create("Pendulum-v1/single", () => new PendulumEnv()),
        new("CartPole-v1/vec8/sync", "SyncVectorEnv over 8 CartPoleEnv + TimeLimit(500)",
            () => new VectorEnvWorkload<float[]>(8, _ => new TimeLimit<float[], int>(new CartPoleEnv(), 500), threaded: false)),
        new("CartPole-v1/vec8/threaded", "ThreadedVectorEnv over 8 CartPoleEnv",
            () => new VectorEnvWorkload<float[]>(8, _ => new CartPoleEnv(), threaded: true)),
    ];

    [Fact]
    public void Filter_matches_names_case_insensitively_and_names_every_case_when_nothing_matches()
    {
        Assert.Equal(LocalCases, ThroughputCatalog.Select(null, LocalCases));
        Assert.Equal(LocalCases, ThroughputCatalog.Select("", LocalCases));
        var cartPole = ThroughputCatalog.Select("cartpole", LocalCases);
        Assert.Equal(3, cartPole.Count);
        Assert.All(cartPole, c => Assert.StartsWith("CartPole-v1/", c.Name));
        var error = Assert.Throws<ArgumentException>(() => ThroughputCatalog.Select("no-such-case", LocalCases));
        Assert.Contains("no-such-case", error.Message);
        Assert.Contains("Pendulum-v1/single", error.Message);
    }

    public static TheoryData<string> LocalCaseNames => [.. LocalCases.Select(c => c.Name)];

    /// <summary>The env-agnostic workloads, fed envs by the caller as the CLI's catalog does.</summary>
    [Theory, MemberData(nameof(LocalCaseNames))]
    public void Caller_supplied_workloads_build_and_step(string name)
    {
        var c = LocalCases.Single(x => x.Name == name);
        using var workload = c.Setup();
        long first = workload.Run(3);
        Assert.True(first >= 3);
        Assert.Equal(first * 2, workload.Run(6)); // steps scale with iterations
    }

    private sealed class FakeClock : TimeProvider
    {
        public long Microseconds;
        public override long TimestampFrequency => 1_000_000;
        public override long GetTimestamp() => Microseconds;
    }

    /// <summary>Advances the fake clock by a cost per iteration that changes from call to call.</summary>
    private sealed class FakeWorkload(FakeClock clock, long stepsPerIteration, long[] microsecondsPerIteration,
        int bytesPerIteration = 0, bool allocationsOnCallingThread = true) : ThroughputWorkload
    {
        public readonly List<(int Iterations, long Steps, long Microseconds)> Calls = [];
        public bool Disposed;
        public byte[]? Last;

        public override bool AllocationsOnCallingThread => allocationsOnCallingThread;

        public override long Run(int iterations)
        {
            long cost = microsecondsPerIteration[Calls.Count % microsecondsPerIteration.Length] * iterations;
            clock.Microseconds += cost;
            if (bytesPerIteration > 0)
                for (int i = 0; i < iterations; i++) Last = new byte[bytesPerIteration];
            Calls.Add((iterations, stepsPerIteration * iterations, cost));
            return stepsPerIteration * iterations;
        }

        protected override void Dispose(bool disposing) => Disposed = true;
    }
}
