using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Tests.Wrappers;

public class ActionWrapperTests
{
    [Fact]
    public void ClipActionClipsIntoTheBoxAndAcceptsAnything()
    {
        var inner = new ReachEnv();
        var env = ActionWrappers.Clip(inner);
        Assert.Equal("Box(-inf, inf, (2,), float32)", env.ActionSpace.ToString());
        env.Reset(seed: 0);
        env.Step([5f, -3f]);
        Assert.Equal([2f, 0f], inner.LastAction!);
        env.Step([-0.5f, 0.25f]);
        Assert.Equal([-0.5f, 0.25f], inner.LastAction!);
    }

    [Fact]
    public void ClipActionNeedsABoxActionSpace()
    {
        var notABox = Transform.Action(new ReachEnv(), (float[] a) => a, new UnitVectorSpace());
        var e = Assert.Throws<ArgumentException>(() => ActionWrappers.Clip(notABox));
        Assert.Contains("Box<float> action space", e.Message);
    }

    /// <summary>A non-box space of float vectors.</summary>
    private sealed class UnitVectorSpace() : Space<float[]>([2])
    {
        public override int FlatDim => 2;
        public override float[] Sample() => [1f, 0f];
        public override bool Contains(float[] value) => value.Length == 2 && Math.Abs(value[0] * value[0] + value[1] * value[1] - 1) < 1e-5;
        public override void Flatten(float[] value, Span<double> destination) { destination[0] = value[0]; destination[1] = value[1]; }
        public override float[] Unflatten(ReadOnlySpan<double> flat) => [(float)flat[0], (float)flat[1]];
    }

    [Fact]
    public void RescaleActionMapsTheNewRangeOntoTheOldOne()
    {
        var inner = new ReachEnv();
        var env = ActionWrappers.Rescale(inner, -1, 1);
        Assert.Equal("Box(-1.0, 1.0, (2,), float32)", env.ActionSpace.ToString());
        env.Reset(seed: 0);
        env.Step([-1f, -1f]);
        Assert.Equal([-2f, 0f], inner.LastAction!);
        env.Step([1f, 1f]);
        Assert.Equal([2f, 1f], inner.LastAction!);
        env.Step([0f, 0f]);
        Assert.Equal([0f, 0.5f], inner.LastAction!);
        env.Step([0.5f, 0.5f]);
        Assert.Equal([1f, 0.75f], inner.LastAction!);
    }

    [Fact]
    public void RescaleActionRejectsEmptyRangesAndUnboundedSpaces()
    {
        Assert.Throws<ArgumentException>(() => ActionWrappers.Rescale(new ReachEnv(), 1, 1));
        var unbounded = ActionWrappers.Clip(new ReachEnv());
        var e = Assert.Throws<ArgumentException>(() => ActionWrappers.Rescale(unbounded, -1, 1));
        Assert.Contains("bounded", e.Message);
    }

    [Fact]
    public void RescaleActionDoesNotClipLikeGymnasium14()
    {
        var inner = new UncheckedActionEnv(new Box<float>([-2f, 0f], [2f, 1f]));
        var env = ActionWrappers.Rescale(inner, -1, 1);
        env.Reset(seed: 0);
        env.Step([1.5f, -2f]); // outside [-1, 1]: mapped affinely, not clipped
        Assert.Equal([3f, -0.5f], inner.LastAction!);
    }

    [Fact]
    public void RescaleActionShiftsHalfBoundedDimensionsAndRejectsMismatchedInfinities()
    {
        var inner = new UncheckedActionEnv(new Box<float>([float.NegativeInfinity, 0f], [1f, float.PositiveInfinity]));
        var env = ActionWrappers.Rescale(inner, [double.NegativeInfinity, -1], [2, double.PositiveInfinity]);
        Assert.Equal("Box([-inf -1.0], [2.0 inf], (2,), float32)", env.ActionSpace.ToString());
        env.Reset(seed: 0);
        env.Step([1.5f, 4f]);
        Assert.Equal([0.5f, 5f], inner.LastAction!); // shifted by high - maxAction and low - minAction
        var e = Assert.Throws<ArgumentException>(() => ActionWrappers.Rescale(inner, -1, 1));
        Assert.Contains("same infinity", e.Message);
        Assert.Throws<ArgumentException>(() => ActionWrappers.Rescale(inner, [double.NaN, -1], [2, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => ActionWrappers.Rescale(inner, [-1.0], [1.0]));
    }

    /// <summary>Records the action without validating it (as Gymnasium envs that clip internally).</summary>
    private sealed class UncheckedActionEnv(Box<float> actionSpace) : Env<int, float[]>
    {
        public override Space<int> ObservationSpace { get; } = new Discrete(1);
        public override Space<float[]> ActionSpace { get; } = actionSpace;
        public float[]? LastAction { get; private set; }
        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(0, Infos.Empty);
        public override StepResult<int> Step(float[] action)
        {
            LastAction = (float[])action.Clone();
            return new StepResult<int>(0, 0, false, false, Infos.Empty);
        }
    }

    [Fact]
    public void TransformActionMapsBeforeStepping()
    {
        var inner = new ReachEnv();
        var env = Transform.Action(inner, (int a) => new[] { a - 1f, 0.5f }, new Discrete(3));
        env.Reset(seed: 0);
        env.Step(2);
        Assert.Equal([1f, 0.5f], inner.LastAction!);
        Assert.IsType<Discrete>(env.ActionSpace);
    }

    [Fact]
    public void TransformActionWithANewTypeNeedsTheNewSpace()
    {
        var e = Assert.Throws<ArgumentException>(() => Transform.Action(new ReachEnv(), (int a) => new[] { 0f, 0f }));
        Assert.Contains("pass the new action space", e.Message);
    }
}

public class ObservationWrapperTests
{
    [Fact]
    public void TransformObservationMapsToTheNewTypeAndSpace()
    {
        var space = new Box<double>(-10.0, 10.0, 1);
        var env = Transform.Observation(new WalkerEnv(), o => new[] { (double)o[0] * 2 }, space);
        Assert.Same(space, env.ObservationSpace);
        var raw = new WalkerEnv();
        Assert.Equal(raw.Reset(seed: 5).Observation[0] * 2.0, env.Reset(seed: 5).Observation[0]);
        Assert.Equal(raw.Step(2).Observation[0] * 2.0, env.Step(2).Observation[0]);
        var e = Assert.Throws<ArgumentException>(() => Transform.Observation(new WalkerEnv(), o => (double)o[0]));
        Assert.Contains("pass the new observation space", e.Message);
    }

    [Fact]
    public void TransformObservationKeepsTheSpaceWhenTypesMatch()
    {
        var env = Transform.Observation(new WalkerEnv(), o => o);
        Assert.Same(env.Env.ObservationSpace, env.ObservationSpace);
        var r = Transform.Reward(env, x => x * 10);
        r.Reset(seed: 0);
        Assert.Equal(10.0, r.Step(2).Reward);
    }

    [Fact]
    public void FlattenObservationOneHotsDiscreteStates()
    {
        var env = FlattenObservation.ToDouble(new GridEnv());
        Assert.Equal("Box(0.0, 1.0, (5,), float64)", env.ObservationSpace.ToString());
        var (obs, _) = env.Reset(seed: 0);
        Assert.Equal(1.0, obs.Sum());
        Assert.True(env.ObservationSpace.Contains(obs));
        int state = Array.IndexOf(obs, 1.0);
        var next = env.Step(1).Observation;
        Assert.Equal(Math.Min(state + 1, 4), Array.IndexOf(next, 1.0));
    }

    [Fact]
    public void FlattenObservationToSingleKeepsBoxBoundsAndValues()
    {
        var env = FlattenObservation.ToSingle(new ReachEnv());
        Assert.Equal("Box(-5.0, 5.0, (3,), float32)", env.ObservationSpace.ToString());
        env.Reset(seed: 0);
        var obs = env.Step([1.5f, 0.25f]).Observation;
        Assert.Equal(1.5f, obs[0]);
        Assert.Equal(0.25f, obs[1]);
    }

    [Fact]
    public void FrameStackPadsWithTheResetObservationAndShiftsOldestFirst()
    {
        var env = new FrameStackObservation<float, int>(new WalkerEnv(), 3);
        Assert.Equal([3, 2], env.ObservationSpace.Shape);
        var first = (float[])env.Reset(seed: 4).Observation.Clone();
        Assert.Equal(first[0..2], first[2..4]);
        Assert.Equal(first[0..2], first[4..6]);
        var afterOne = (float[])env.Step(2).Observation.Clone();
        Assert.Equal(first[0..4], afterOne[0..4]);
        Assert.Equal(first[0] + 0.5f, afterOne[4]);
        var afterTwo = env.Step(2).Observation;
        Assert.Equal(afterOne[2..6], afterTwo[0..4]);
        Assert.Equal(first[0] + 1f, afterTwo[4]);
        Assert.True(env.ObservationSpace.Contains(afterTwo));
    }

    [Fact]
    public void FrameStackZeroAndCustomPadding()
    {
        var zero = new FrameStackObservation<float, int>(new WalkerEnv(), 2, FramePadding.Zero);
        var obs = zero.Reset(seed: 4).Observation;
        Assert.Equal([0f, 0f], obs[0..2]);
        var custom = new FrameStackObservation<float, int>(new WalkerEnv(), 2, [1f, -1f]);
        Assert.Equal([1f, -1f], custom.Reset(seed: 4).Observation[0..2]);
        Assert.Throws<ArgumentException>(() => new FrameStackObservation<float, int>(new WalkerEnv(), 2, [100f, 0f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameStackObservation<float, int>(new WalkerEnv(), 0));
    }
}
