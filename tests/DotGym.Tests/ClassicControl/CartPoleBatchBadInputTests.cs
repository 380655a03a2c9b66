using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.ClassicControl;

/// <summary>Bad input to <see cref="CartPoleBatch"/> fails clearly and before any env moves.</summary>
public class CartPoleBatchBadInputTests
{
    [Fact]
    public void StepBeforeResetThrowsResetNeeded()
    {
        using var batch = new CartPoleBatch(3);
        var e = Assert.Throws<ResetNeededException>(() => batch.Step([0, 1, 0]));
        Assert.Contains("Reset", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void WrongActionCountIsRejected(int count)
    {
        using var batch = new CartPoleBatch(4);
        batch.Reset(seed: 0);
        var e = Assert.Throws<ArgumentException>(() => batch.Step(new int[count]));
        Assert.Contains($"4 envs but got {count} actions", e.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void ActionOutsideZeroOneIsRejectedBeforeAnyEnvMoves(int action)
    {
        using var batch = new CartPoleBatch(9, threads: 2);
        var before = batch.Reset(seed: 0).ToArray();
        var actions = new int[9];
        actions[6] = action;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => batch.Step(actions));
        Assert.Contains($"actions[6] = {action}", e.Message);
        Assert.Contains("0 (push left) or 1 (push right)", e.Message);
        Assert.Equal(before, batch.Reset(seed: 0)); // and the batch is still usable

        // The rejected step left no trace: the batch continues exactly like one that never saw it.
        using var untouched = new CartPoleBatch(9);
        untouched.Reset(seed: 0);
        using var rejected = new CartPoleBatch(9);
        rejected.Reset(seed: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => rejected.Step(actions));
        Assert.Equal(untouched.Step(new int[9]).Observations, rejected.Step(new int[9]).Observations);
    }

    [Fact]
    public void BadConstructorArgumentsAreRejected()
    {
        Assert.Contains("numEnvs >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(0)).Message);
        Assert.Contains("maxEpisodeSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(2, maxEpisodeSteps: 0)).Message);
        Assert.Contains("threads", Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(2, threads: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(2, (CartPoleBatchMode)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(2, autoreset: (AutoresetMode)7));
        Assert.Contains("Gym.MakeVec", Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleBatch(2, autoreset: AutoresetMode.Disabled)).Message);
    }

    [Fact]
    public void NegativeSeedIsRejected()
    {
        using var batch = new CartPoleBatch(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Reset(seed: -1));
    }

    [Fact]
    public void UseAfterDisposeIsRejected()
    {
        var batch = new CartPoleBatch(2, threads: 2);
        batch.Reset(seed: 0);
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Step([0, 1]));
        Assert.Throws<ObjectDisposedException>(() => batch.Reset(seed: 0));
        batch.Dispose(); // twice is fine
    }

    [Fact]
    public void GetStateChecksTheIndex()
    {
        using var batch = new CartPoleBatch(2);
        batch.Reset(seed: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetState(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetState(-1));
    }

    [Fact]
    public void ThreadsAreCappedAtOnePerEightEnvs()
    {
        using var batch = new CartPoleBatch(17, threads: 16);
        Assert.Equal(3, batch.Threads); // 17 envs = chunks of 8, 8 and 1 (eight envs per AVX-512 vector)
    }
}
