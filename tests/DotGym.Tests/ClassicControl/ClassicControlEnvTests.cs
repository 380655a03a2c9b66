using DotGym.Envs.ClassicControl;
using DotGym.Registration;
using DotGym.Wrappers;
using FsCheck.Xunit;

namespace DotGym.Tests.ClassicControl;

/// <summary>Behaviour of the classic-control envs beyond the recordings: spaces, rendering, arguments, bad input.</summary>
public class ClassicControlEnvTests
{
    public static TheoryData<string> DiscreteIds => new() { "CartPole-v0", "CartPole-v1", "MountainCar-v0", "Acrobot-v1" };
    public static TheoryData<string> ContinuousIds => new() { "MountainCarContinuous-v0", "Pendulum-v1" };
    public static TheoryData<string> AllIds => new() { "CartPole-v0", "CartPole-v1", "MountainCar-v0", "Acrobot-v1", "MountainCarContinuous-v0", "Pendulum-v1" };

    [Theory, MemberData(nameof(DiscreteIds))]
    public void DiscreteObservationsStayInsideTheirSpace(string id) => AssertObservationsInside(Gym.Make<float[], int>(id));

    [Theory, MemberData(nameof(ContinuousIds))]
    public void ContinuousObservationsStayInsideTheirSpace(string id) => AssertObservationsInside(Gym.Make<float[], float[]>(id));

    private static void AssertObservationsInside<TAct>(Env<float[], TAct> env)
    {
        using var _ = env;
        var (obs, _) = env.Reset(seed: 3);
        env.ActionSpace.Seed(3);
        Assert.True(env.ObservationSpace.Contains(obs), $"reset observation {env.ObservationSpace.Describe(obs)} is outside {env.ObservationSpace}");
        for (int t = 0; t < 1200; t++)
        {
            var result = env.Step(env.ActionSpace.Sample());
            Assert.True(env.ObservationSpace.Contains(result.Observation), $"step {t}: {env.ObservationSpace.Describe(result.Observation)} is outside {env.ObservationSpace}");
            if (result.Done) env.Reset();
        }
    }

    [Theory]
    [InlineData("CartPole-v1", 600, 400)]
    [InlineData("MountainCar-v0", 600, 400)]
    [InlineData("MountainCarContinuous-v0", 600, 400)]
    [InlineData("Acrobot-v1", 500, 500)]
    [InlineData("Pendulum-v1", 500, 500)]
    public void RgbArrayRenderHasGymnasiumsSizeAndDrawsSomething(string id, int width, int height)
    {
        using var env = Gym.Make(id, renderMode: RenderModes.RgbArray);
        env.Accept(new ResetAndStep());
        var image = env.Render()?.Image;
        Assert.NotNull(image);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(width * height * 3, image.Pixels.Length);
        Assert.Contains(image.Pixels, p => p != 255); // not a blank white frame
        Assert.Contains(image.Pixels, p => p == 255); // white background
    }

    [Theory, MemberData(nameof(AllIds))]
    public void AnsiRenderDescribesTheState(string id)
    {
        using var env = Gym.Make(id, renderMode: RenderModes.Ansi);
        env.Accept(new ResetAndStep());
        var text = env.Render()?.Text;
        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Theory, MemberData(nameof(AllIds))]
    public void MetadataListsRenderModesAndGymnasiumsFps(string id)
    {
        using var env = Gym.Make(id);
        Assert.Contains(RenderModes.RgbArray, env.Metadata.RenderModes);
        Assert.Contains(RenderModes.Ansi, env.Metadata.RenderModes);
        int fps = id.StartsWith("CartPole", StringComparison.Ordinal) ? 50 : id.StartsWith("Acrobot", StringComparison.Ordinal) ? 15 : 30;
        Assert.Equal(fps, env.Metadata.RenderFps);
        env.Accept(new ResetAndStep());
        Assert.Null(env.Render()); // no render mode chosen
    }

    [Fact]
    public void UnsupportedRenderModeIsRejectedWithTheSupportedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Gym.Make("CartPole-v1", renderMode: "human"));
        Assert.Contains("'rgb_array'", e.Message);
    }

    [Theory]
    [InlineData("CartPole-v0", 200, 195.0)]
    [InlineData("CartPole-v1", 500, 475.0)]
    [InlineData("MountainCar-v0", 200, -110.0)]
    [InlineData("MountainCarContinuous-v0", 999, 90.0)]
    [InlineData("Acrobot-v1", 500, -100.0)]
    [InlineData("Pendulum-v1", 200, null)]
    public void RegisteredWithGymnasiumsLimits(string id, int maxEpisodeSteps, double? rewardThreshold)
    {
        var spec = Gym.Spec(id);
        Assert.Equal(maxEpisodeSteps, spec.MaxEpisodeSteps);
        Assert.Equal(rewardThreshold, spec.RewardThreshold);
        using var env = Gym.Make(id);
        Assert.Equal(id, env.Unwrapped.Spec?.Id);
    }

    [Fact]
    public void CartPoleV0TruncatesAfter200Steps()
    {
        using var env = Gym.Make<float[], int>("CartPole-v0");
        env.Reset(seed: 0);
        var cartPole = (CartPoleEnv)env.Unwrapped;
        for (int t = 1; t <= 200; t++)
        {
            cartPole.State = (0, 0, 0, 0); // keep it balanced so only the time limit can end the episode
            var result = env.Step(t % 2);
            Assert.False(result.Terminated);
            Assert.Equal(t == 200, result.Truncated);
        }
    }

    [Theory]
    [InlineData("CartPole-v1", 2)]
    [InlineData("CartPole-v1", -1)]
    [InlineData("MountainCar-v0", 3)]
    [InlineData("Acrobot-v1", 3)]
    public void OutOfRangeDiscreteActionThrowsClearly(string id, int action)
    {
        using var env = Gym.Make<float[], int>(id);
        env.Reset(seed: 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(action));
        Assert.Contains("Discrete", e.Message);
    }

    [Theory, MemberData(nameof(ContinuousIds))]
    public void MalformedContinuousActionThrowsClearly(string id)
    {
        using var env = Gym.Make<float[], float[]>(id);
        env.Reset(seed: 0);
        Assert.Throws<ArgumentNullException>(() => env.Step(null!));
        Assert.Contains("length 1", Assert.Throws<ArgumentException>(() => env.Step([0.1f, 0.2f])).Message);
        Assert.Contains("length 1", Assert.Throws<ArgumentException>(() => env.Step([])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => env.Step([float.NaN])).Message);
    }

    [Fact]
    public void StepBeforeResetOnTheRawEnvThrowsClearly()
    {
        Assert.Contains("Reset", Assert.Throws<ResetNeededException>(() => new CartPoleEnv().Step(0)).Message);
        Assert.Throws<ResetNeededException>(() => new MountainCarEnv().Step(0));
        Assert.Throws<ResetNeededException>(() => new AcrobotEnv().Step(0));
        Assert.Throws<ResetNeededException>(() => new PendulumEnv().Step([0f]));
        Assert.Throws<ResetNeededException>(() => new ContinuousMountainCarEnv().Step([0f]));
    }

    [Fact]
    public void PendulumClipsTorqueLikeGymnasium()
    {
        var clipped = new PendulumEnv();
        var limit = new PendulumEnv();
        clipped.Reset(seed: 5);
        limit.Reset(seed: 5);
        var a = clipped.Step([7.5f]);
        var b = limit.Step([2f]);
        Assert.Equal(b.Reward, a.Reward);
        Assert.Equal(limit.GetState(), clipped.GetState());
        Assert.Equal(2f, clipped.LastTorque);
    }

    [Fact]
    public void ContinuousMountainCarClipsForceButChargesTheRawAction()
    {
        var clipped = new ContinuousMountainCarEnv();
        var limit = new ContinuousMountainCarEnv();
        clipped.Reset(seed: 5);
        limit.Reset(seed: 5);
        var a = clipped.Step([3f]);
        var b = limit.Step([1f]);
        Assert.Equal(limit.GetState(), clipped.GetState());
        Assert.Equal(-Math.Pow(3, 2) * 0.1, a.Reward);
        Assert.Equal(-Math.Pow(1, 2) * 0.1, b.Reward);
    }

    [Fact]
    public void KwargsReachTheEnv()
    {
        using var pendulum = Gym.Make("Pendulum-v1", new Dictionary<string, object> { ["g"] = 9.81 });
        Assert.Equal(9.81, ((PendulumEnv)pendulum.Unwrapped).Gravity);
        using var car = Gym.Make("MountainCar-v0", new Dictionary<string, object> { ["goal_velocity"] = 0.01 });
        Assert.Equal(0.01, ((MountainCarEnv)car.Unwrapped).GoalVelocity);
        using var continuous = Gym.Make("MountainCarContinuous-v0", new Dictionary<string, object> { ["goal_velocity"] = 1 });
        Assert.Equal(1.0, ((ContinuousMountainCarEnv)continuous.Unwrapped).GoalVelocity);
        using var cartPole = Gym.Make("CartPole-v1", new Dictionary<string, object> { ["sutton_barto_reward"] = true });
        Assert.True(((CartPoleEnv)cartPole.Unwrapped).SuttonBartoReward);
    }

    [Fact]
    public void UnknownOrMistypedKwargsAreRejected()
    {
        Assert.Contains("'gravity'", Assert.Throws<ArgumentException>(() => Gym.Make("Pendulum-v1", new Dictionary<string, object> { ["gravity"] = 9.81 })).Message);
        Assert.Contains("'g'", Assert.Throws<ArgumentException>(() => Gym.Make("Pendulum-v1", new Dictionary<string, object> { ["g"] = "strong" })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PendulumEnv(g: double.NaN));
    }

    [Fact]
    public void SuttonBartoRewardIsZeroPerStepAndMinusOneAtTheEnd()
    {
        var env = new CartPoleEnv(suttonBartoReward: true);
        env.Reset(seed: 0);
        var rewards = new List<double>();
        bool terminated = false;
        while (!terminated)
        {
            var result = env.Step(1);
            rewards.Add(result.Reward);
            terminated = result.Terminated;
        }
        Assert.All(rewards[..^1], r => Assert.Equal(0.0, r));
        Assert.Equal(-1.0, rewards[^1]);
        Assert.Equal(-1.0, env.Step(1).Reward);
    }

    [Fact]
    public void CartPoleCountsStepsBeyondTerminationWithZeroReward()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = (2.39, 1.0, 0, 0);
        var first = env.Step(1);
        Assert.True(first.Terminated);
        Assert.Equal(1.0, first.Reward);
        Assert.Equal(0, env.StepsBeyondTerminated);
        var next = env.Step(1);
        Assert.Equal(0.0, next.Reward);
        Assert.Equal(1, env.StepsBeyondTerminated);
        env.Reset();
        Assert.Null(env.StepsBeyondTerminated);
    }

    [Fact]
    public void ResetBoundsOptionsAreHonouredAndChecked()
    {
        var cartPole = new CartPoleEnv();
        cartPole.Reset(seed: 1, new Dictionary<string, object> { ["low"] = 0.2, ["high"] = 0.3 });
        Assert.All(cartPole.GetState(), v => Assert.InRange(v, 0.2, 0.3));
        var acrobot = new AcrobotEnv();
        acrobot.Reset(seed: 1, new Dictionary<string, object> { ["low"] = -1, ["high"] = "-0.5" });
        Assert.All(acrobot.GetState(), v => Assert.InRange(v, -1, -0.5));
        var car = new MountainCarEnv();
        car.Reset(seed: 1, new Dictionary<string, object> { ["high"] = -0.59 });
        Assert.InRange(car.GetState()[0], -0.6, -0.59);
        var pendulum = new PendulumEnv();
        pendulum.Reset(seed: 1, new Dictionary<string, object> { ["x_init"] = 0.1, ["y_init"] = 0.0 });
        Assert.InRange(pendulum.GetState()[0], -0.1, 0.1);
        Assert.Equal(0.0, pendulum.GetState()[1]);

        Assert.Contains("Lower bound", Assert.Throws<ArgumentException>(() => cartPole.Reset(options: new Dictionary<string, object> { ["low"] = 1, ["high"] = 0 })).Message);
        Assert.Contains("'low'", Assert.Throws<ArgumentException>(() => cartPole.Reset(options: new Dictionary<string, object> { ["low"] = new object() })).Message);
    }

    [Fact]
    public void SetStateRejectsTheWrongLength()
    {
        Assert.Contains("4 values", Assert.Throws<ArgumentException>(() => new CartPoleEnv().SetState([1.0, 2.0])).Message);
        Assert.Contains("2 values", Assert.Throws<ArgumentException>(() => new PendulumEnv().SetState([1.0])).Message);
    }

    [Fact]
    public void SteppingAllocatesNothing()
    {
        IPhysicalState[] envs = [new CartPoleEnv(), new MountainCarEnv(), new AcrobotEnv(), new PendulumEnv(), new ContinuousMountainCarEnv()];
        float[] torque = [0.5f];
        foreach (var env in envs)
        {
            ((IEnv)env).Accept(new ResetAndStep(stepAfterReset: false));
            var start = env.GetState();
            void Run(int steps)
            {
                for (int t = 0; t < steps; t++)
                {
                    bool done = env switch
                    {
                        Env<float[], int> discrete => discrete.Step(t % 2).Terminated,
                        Env<float[], float[]> continuous => continuous.Step(torque).Terminated,
                        _ => throw new InvalidOperationException(),
                    };
                    if (done) env.SetState(start);
                }
            }
            Run(200); // warm up (JIT, statics)
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(1000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{env.GetType().Name} allocated {allocated} bytes in 1000 steps");
        }
    }

    [Property]
    public bool AngleNormalizeLandsInMinusPiToPi(int whole, int fraction)
    {
        double x = whole / 1000.0 + fraction * 1e-9;
        double normalized = PendulumEnv.AngleNormalize(x);
        return normalized >= -Math.PI && normalized <= Math.PI && Math.Abs(Math.IEEERemainder(normalized - x, 2 * Math.PI)) < 1e-6;
    }

    [Property]
    public bool CartPoleObservationIsTheStateRoundedToFloat32(int a, int b, int c, int d, bool push)
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = (a % 2000 / 1000.0, b % 3000 / 1000.0, c % 200 / 1000.0, d % 3000 / 1000.0);
        var obs = env.Step(push ? 1 : 0).Observation;
        var state = env.GetState();
        return obs.Select((o, i) => o == (float)state[i]).All(x => x);
    }

    private sealed class ResetAndStep(bool stepAfterReset = true) : IEnvVisitor<bool>
    {
        public bool Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            env.Reset(seed: 0);
            if (stepAfterReset)
            {
                env.ActionSpace.Seed(0);
                env.Step(env.ActionSpace.Sample());
            }
            return true;
        }
    }
}
