using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.Vector;

public class VectorEnvBadInputTests
{
    public static TheoryData<bool> Runners => new() { false, true };

    [Theory]
    [MemberData(nameof(Runners))]
    public void WrongNumberOfActionsIsRejected(bool threaded)
    {
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(), 4, AutoresetMode.NextStep, threaded);
        vec.Reset(1);
        var e = Assert.Throws<ArgumentException>(() => vec.Step(new int[3]));
        Assert.Contains("3 actions for 4 sub-envs", e.Message);
        var batch = new ItemBatch<int>(5);
        Assert.Throws<ArgumentException>(() => vec.Step(batch));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public void ActionOutsideTheSpaceNamesTheSubEnvAndMovesNothing(bool threaded)
    {
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(), 4, AutoresetMode.NextStep, threaded);
        vec.Reset(1);
        var before = vec.Observations.AsArray<float>().ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => vec.Step([0, 1, 7, 2]));
        Assert.Contains("sub-env 2", e.Message);
        Assert.Contains("Discrete(3)", e.Message);
        Assert.Equal(before, vec.Observations.AsArray<float>());
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public void SteppingBeforeResetIsRejected(bool threaded)
    {
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(), 2, AutoresetMode.NextStep, threaded);
        var e = Assert.Throws<ResetNeededException>(() => vec.Step([0, 0]));
        Assert.Contains("Reset", e.Message);
    }

    [Fact]
    public void MaskedResetBeforeFullResetLeavesTheOthersUnstartable()
    {
        using var vec = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        vec.ResetWhere([true, false, true], 5);
        var e = Assert.Throws<ResetNeededException>(() => vec.Step([0, 0, 0]));
        Assert.Contains("Sub-env 1", e.Message);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public void DisabledModeRejectsSteppingAFinishedEnv(bool threaded)
    {
        using var vec = VectorHarness.Build(_ => new RandomWalkEnv(maxLength: 1), 3, AutoresetMode.Disabled, threaded);
        vec.Reset(3);
        var result = vec.Step([1, 1, 1]);
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(result.Terminated[i] || result.Truncated[i]));
        var e = Assert.Throws<ResetNeededException>(() => vec.Step([1, 1, 1]));
        Assert.Contains("Sub-env 0", e.Message);
        Assert.Contains("ResetWhere", e.Message);
        vec.ResetWhere([true, true, true]);
        vec.Step([1, 1, 1]);
    }

    [Fact]
    public void NumEnvsMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncVectorEnv<float[], int>(0, _ => new RandomWalkEnv()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadedVectorEnv<float[], int>(-1, _ => new RandomWalkEnv()));
        var e = Assert.Throws<ArgumentException>(() => new SyncVectorEnv<float[], int>([]));
        Assert.Contains("at least one sub-env", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gym.MakeVec(TestEnvRegistration.RandomWalkId, 0));
    }

    [Fact]
    public void WorkerCountMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadedVectorEnv<float[], int>(2, _ => new RandomWalkEnv(), workerCount: 0));

    [Fact]
    public void SubEnvsWithDifferentSpacesAreRejected()
    {
        var envs = new Env<int, int>[] { new CountdownEnv(), new WiderCountdownEnv() };
        var e = Assert.Throws<ArgumentException>(() => new SyncVectorEnv<int, int>(envs));
        Assert.Contains("Sub-env 1", e.Message);
        Assert.Contains("Discrete(9)", e.Message);
    }

    [Fact]
    public void BadResetArgumentsAreRejected()
    {
        using var vec = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        Assert.Contains("2 seeds for 3", Assert.Throws<ArgumentException>(() => vec.ResetWithSeeds(new long?[] { 1, 2 })).Message);
        Assert.Contains("2 entries for 3", Assert.Throws<ArgumentException>(() => vec.ResetWhere([true, false])).Message);
        Assert.Contains("selects no sub-env", Assert.Throws<ArgumentException>(() => vec.ResetWhere([false, false, false])).Message);
        var badMask = new Dictionary<string, object> { ["reset_mask"] = new[] { 1, 0, 1 } };
        Assert.Contains("bool[]", Assert.Throws<ArgumentException>(() => vec.Reset(options: badMask)).Message);
    }

    [Fact]
    public void AWrongSizedObservationNamesTheSubEnv()
    {
        using var vec = new SyncVectorEnv<float[], int>(2, i => i == 1 ? new ShortObservationEnv() : new RandomWalkEnv());
        var e = Assert.Throws<InvalidOperationException>(() => vec.Reset(0));
        Assert.Contains("Sub-env 1", e.Message);
        Assert.Contains("2 values", e.Message);
    }

    [Fact]
    public void UsingADisposedVectorEnvFailsClearly()
    {
        var vec = new ThreadedVectorEnv<float[], int>(2, _ => new RandomWalkEnv());
        vec.Dispose();
        Assert.Throws<ObjectDisposedException>(() => vec.Reset(0));
        vec.Dispose();
    }

    [Fact]
    public void MakeVecWithWrongTypesOrUnknownIdFailsClearly()
    {
        TestEnvRegistration.EnsureRegistered();
        var e = Assert.Throws<InvalidCastException>(() => Gym.MakeVec<int, int>(TestEnvRegistration.RandomWalkId, 2));
        Assert.Contains("float[]", e.Message);
        Assert.Throws<UnknownEnvException>(() => Gym.MakeVec("NoSuchEnv-v0", 2));
    }

    private sealed class WiderCountdownEnv : Env<int, int>
    {
        public override Space<int> ObservationSpace { get; } = new Discrete(9);
        public override Space<int> ActionSpace { get; } = new Discrete(2);
        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(0, Infos.Empty);
        public override StepResult<int> Step(int action) => new(0, 0, false, false, Infos.Empty);
    }

    // Declares 3 values but returns 2: a buggy env the vector env must report, not batch as garbage.
    private sealed class ShortObservationEnv : Env<float[], int>
    {
        public override Space<float[]> ObservationSpace { get; } = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, 3);
        public override Space<int> ActionSpace { get; } = new Discrete(3);
        public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(new float[2], Infos.Empty);
        public override StepResult<float[]> Step(int action) => new(new float[2], 0, false, false, Infos.Empty);
    }
}
