using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.Vector;

public class VectorEnvTests
{
    [Fact]
    public void BoxObservationsShareOneContiguousBufferOfShapeNByObs()
    {
        using var vec = new SyncVectorEnv<float[], int>(4, _ => new RandomWalkEnv());
        var reset = vec.Reset(7);
        var batch = Assert.IsType<ArrayBatch<float>>(reset.Observations);
        Assert.Equal([4, 3], batch.Shape);
        Assert.Equal(12, batch.AsSpan<float>().Length);
        Assert.Same(batch.Data, batch.AsArray<float>());
        for (int i = 0; i < 4; i++)
        {
            var (single, _) = new RandomWalkEnv().Reset(7 + i);
            Assert.Equal(single, batch.Row<float>(i).ToArray());
            Assert.Equal(single, batch.Get(i));
        }
        var e = Assert.Throws<InvalidCastException>(() => batch.AsSpan<double>());
        Assert.Contains("AsArray<float>", e.Message);
    }

    [Fact]
    public void DiscreteObservationsBatchIntoAnIntArray()
    {
        using var vec = new SyncVectorEnv<int, int>(5, _ => new CountdownEnv());
        var reset = vec.Reset(1);
        var batch = Assert.IsType<ItemBatch<int>>(reset.Observations);
        Assert.Equal([5], batch.Shape);
        Assert.Equal(5, batch.AsArray<int>().Length);
    }

    [Fact]
    public void OtherObservationTypesUseTheBoxedFallback()
    {
        var batch = Batch<string>.Create(new LabelSpace(), 3);
        Assert.IsType<ItemBatch<string>>(batch);
        batch.Set(1, "b");
        Assert.Equal(new string?[] { null, "b", null }, batch.AsArray<string>());
    }

    [Fact]
    public void SpacesDescribeOneEnvAndTheBatch()
    {
        using var vec = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        Assert.IsType<Discrete>(vec.SingleActionSpace);
        Assert.Equal([3, 3], vec.ObservationSpace.Shape);
        Assert.Equal([3], vec.ActionSpace.Shape);
        Assert.Equal(9, vec.ActionSpace.FlatDim);
        vec.ActionSpace.Seed(4);
        var actions = vec.ActionSpace.Sample();
        Assert.Equal(3, actions.Length);
        Assert.True(vec.ActionSpace.Contains(actions));
        Assert.False(vec.ActionSpace.Contains([0, 1]));
        vec.Reset(0);
        vec.Step(actions);
    }

    [Fact]
    public void ResetPassesPerEnvSeedsAndOptions()
    {
        using var vec = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        var reset = vec.ResetWithSeeds([5L, null, 9L], new Dictionary<string, object> { ["start"] = 0.25 });
        for (int i = 0; i < 3; i++) Assert.Equal(0.25f, reset.Observations.Row<float>(i)[0]);
        Assert.Equal(new RandomWalkEnv().Reset(5).Observation[2], reset.Observations.Row<float>(0)[2]);
        Assert.Equal(new RandomWalkEnv().Reset(9).Observation[2], reset.Observations.Row<float>(2)[2]);
        vec.Reset(null); // no seed: each sub-env continues its generator (and the call is unambiguous)
    }

    [Fact]
    public void ResetMaskInOptionsResetsOnlyTheSelectedEnvs()
    {
        using var vec = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv(maxLength: 50));
        vec.Reset(1);
        vec.Step([2, 2, 2]);
        var before = vec.Observations.Get(1);
        var reset = vec.Reset(100, new Dictionary<string, object> { ["reset_mask"] = new[] { true, false, true }, ["start"] = 3.0 });
        Assert.Equal(3f, reset.Observations.Row<float>(0)[0]);
        Assert.Equal(before, reset.Observations.Get(1));
        Assert.Equal(3f, reset.Observations.Row<float>(2)[0]);
        Assert.Empty(reset.Infos[1]);
        Assert.Equal(new RandomWalkEnv(maxLength: 50).Reset(102).Observation[2], reset.Observations.Row<float>(2)[2]);
    }

    [Fact]
    public void NextStepModeResetsOnTheStepAfterAnEpisodeEnds()
    {
        using var vec = new SyncVectorEnv<float[], int>(2, _ => new RandomWalkEnv(maxLength: 1));
        vec.Reset(0);
        var ending = vec.Step([2, 0]);
        Assert.True(ending.Terminated[0]);
        Assert.True(ending.Truncated[1]);
        Assert.Equal(1f, ending.Observations.Row<float>(0)[1]); // the final observation, steps = 1
        Assert.Equal(1, ending.Infos[0]["episode_steps"]);

        var resetting = vec.Step([2, 2]);
        Assert.Equal([0.0, 0.0], resetting.Rewards);
        Assert.Equal([false, false], resetting.Terminated);
        Assert.Equal([false, false], resetting.Truncated);
        Assert.Equal(0f, resetting.Observations.Row<float>(0)[1]); // a fresh episode, steps = 0
        Assert.Equal(1, resetting.Infos[0]["length"]);
    }

    [Fact]
    public void SameStepModeKeepsTheFinalObservationAndInfo()
    {
        using var vec = new SyncVectorEnv<float[], int>(2, _ => new RandomWalkEnv(maxLength: 1), AutoresetMode.SameStep);
        vec.Reset(0);
        var result = vec.Step([2, 0]);
        Assert.Equal([true, true], result.HasFinal!);
        Assert.True(result.Terminated[0]);
        Assert.Equal(1f, result.FinalObservations!.Row<float>(0)[1]);
        Assert.Equal(0f, result.Observations.Row<float>(0)[1]);
        Assert.Equal(1, result.FinalInfos![0]["episode_steps"]);
        Assert.Equal(1, result.Infos[0]["length"]);
    }

    [Fact]
    public void SteppingWithABatchOfActionsEqualsSteppingWithASpan()
    {
        using var a = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        using var b = new SyncVectorEnv<float[], int>(3, _ => new RandomWalkEnv());
        a.Reset(3);
        b.Reset(3);
        var actions = Batch<int>.Create(b.SingleActionSpace, 3);
        for (int t = 0; t < 20; t++)
        {
            int[] chosen = [t % 3, (t + 1) % 3, (t * 7) % 3];
            chosen.CopyTo(actions.AsSpan<int>());
            a.Step(chosen);
            b.Step(actions);
            Assert.Equal(a.Observations.AsArray<float>(), b.Observations.AsArray<float>());
            Assert.Equal(a.Rewards, b.Rewards);
        }
    }

    [Fact]
    public void ArrayActionsCanComeFromOneContiguousBatch()
    {
        var space = new Box<float>(-1f, 1f, 2);
        var actions = Batch<float[]>.Create(space, 3);
        actions.AsSpan<float>()[2..4].Fill(0.5f);
        Assert.Equal([0.5f, 0.5f], actions.View(1));
        Assert.Same(actions.View(1), actions.View(1));
        Assert.Equal([3, 2], actions.Shape);
    }

    [Fact]
    public void MakeVecBuildsSyncAndThreadedEnvsThatAgree()
    {
        TestEnvRegistration.EnsureRegistered();
        var kwargs = new Dictionary<string, object> { ["max_length"] = 100 };
        using var sync = (VectorEnv<float[], int>)Gym.MakeVec<float[], int>(TestEnvRegistration.RandomWalkId, 6, kwargs: kwargs);
        using var threaded = (VectorEnv<float[], int>)Gym.MakeVec(TestEnvRegistration.RandomWalkId, 6, VectorizationMode.Threaded,
            kwargs: kwargs, workerCount: 2);
        Assert.IsType<SyncVectorEnv<float[], int>>(sync);
        Assert.Equal(2, Assert.IsType<ThreadedVectorEnv<float[], int>>(threaded).WorkerCount);
        Assert.Equal(TestEnvRegistration.RandomWalkId, sync.Spec!.Id);
        Assert.NotNull(WrapperChain.Find<TimeLimit<float[], int>>(sync.Envs[0]));
        Assert.Contains("num_envs=6", sync.ToString());

        sync.Reset(11);
        threaded.Reset(11);
        for (int t = 1; t <= 5; t++)
        {
            int[] actions = [0, 1, 2, 0, 1, 2];
            sync.Step(actions);
            threaded.Step(actions);
            Assert.Equal(sync.Observations.AsArray<float>(), threaded.Observations.AsArray<float>());
            Assert.Equal(sync.Truncated, threaded.Truncated);
        }
        Assert.All(sync.Truncated, Assert.True); // the registered time limit of 5 steps
    }

    [Fact]
    public void MakeVecPassesTheAutoresetMode()
    {
        TestEnvRegistration.EnsureRegistered();
        using var vec = Gym.MakeVec(TestEnvRegistration.RandomWalkId, 2, autoresetMode: AutoresetMode.SameStep);
        Assert.Equal(AutoresetMode.SameStep, vec.AutoresetMode);
        Assert.Equal(2, vec.SubEnvs.Count);
        Assert.IsType<BatchedSpace<float[]>>(vec.ObservationSpace);
    }

    [Fact]
    public void RenderReturnsOneFramePerSubEnv()
    {
        using var vec = new SyncVectorEnv<float[], int>(2, _ => new RandomWalkEnv());
        Assert.Equal(2, vec.Render().Length);
    }

    private sealed class LabelSpace() : Space<string>([])
    {
        public override int FlatDim => 1;
        public override bool IsFlattenable => false;
        public override string Sample() => "a";
        public override bool Contains(string value) => value is not null;
        public override void Flatten(string value, Span<double> destination) => throw new NotSupportedException();
        public override string Unflatten(ReadOnlySpan<double> flat) => throw new NotSupportedException();
    }
}
