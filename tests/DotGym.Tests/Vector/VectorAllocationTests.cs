using DotGym.Vector;

namespace DotGym.Tests.Vector;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>A batched step allocates nothing in steady state (measured process-wide, so it runs alone).</summary>
[Collection(nameof(AllocationCollection))]
public class VectorAllocationTests
{
    [Theory]
    [InlineData(AutoresetMode.NextStep, false)]
    [InlineData(AutoresetMode.SameStep, false)]
    [InlineData(AutoresetMode.Disabled, false)]
    [InlineData(AutoresetMode.NextStep, true)]
    [InlineData(AutoresetMode.SameStep, true)]
    public void SteadyStateStepsDoNotAllocate(AutoresetMode mode, bool threaded)
    {
        const int steps = 2000;
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(maxLength: 5, reportInfo: false), 16, mode, threaded);
        var actions = new int[16];
        var mask = new bool[16];
        vec.Reset(0);
        RunSteps(vec, actions, mask, 2000); // warm-up: JIT tiers, scratch buffers

        // The best of a few rounds: background JIT and the test host allocate now and then, a per-step allocation every round.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            RunSteps(vec, actions, mask, steps);
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.True(fewest < steps, $"{fewest} bytes allocated over {steps} steps");
    }

    private static void RunSteps(VectorEnv<float[], int> vec, int[] actions, bool[] mask, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            actions.AsSpan().Fill(t % 3);
            var result = vec.Step(actions);
            if (vec.AutoresetMode != AutoresetMode.Disabled) continue;
            bool any = false;
            for (int i = 0; i < mask.Length; i++) any |= mask[i] = result.Terminated[i] || result.Truncated[i];
            if (any) vec.ResetWhere(mask);
        }
    }
}

/// <summary>The vector normalisation wrappers keep stepping allocation-free.</summary>
[Collection(nameof(AllocationCollection))]
public class VectorWrapperAllocationTests
{
    [Fact]
    public void NormalizingVectorWrappersDoNotAllocatePerStep()
    {
        const int steps = 2000;
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(maxLength: 5, reportInfo: false), 16, AutoresetMode.NextStep, threaded: false)
            .NormalizeObservation().NormalizeReward().RecordEpisodeStatistics();
        var actions = new int[16];
        vec.Reset(0);
        for (int t = 0; t < 2000; t++) vec.Step(actions);
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int t = 0; t < steps; t++)
            {
                actions.AsSpan().Fill(t % 3);
                vec.Step(actions);
            }
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.True(fewest < steps, $"{fewest} bytes allocated over {steps} steps");
    }
}
