using DotGym.Wrappers;
using FsCheck;
using FsCheck.Xunit;

namespace DotGym.Tests.Wrappers;

/// <summary>
/// Random wrapper stacks over <see cref="WalkerEnv"/>, driven by random action sequences, keep the env contract:
/// observations stay in the (wrapped) observation space, rewards are finite, the outer TimeLimit truncates exactly
/// at its limit, and the same seed and actions reproduce the same trajectory bit for bit.
/// </summary>
public class WrapperContractProperties
{
    private const int WrapperKinds = 10;

    /// <summary>Builds a stack from <paramref name="choices"/> (each picks a wrapper), then adds TimeLimit outermost.</summary>
    private static Env<float[], int> Stack(int[] choices, int limit)
    {
        Env<float[], int> env = new WalkerEnv();
        foreach (var choice in choices.Take(6))
        {
            env = (Math.Abs(choice) % WrapperKinds) switch
            {
                0 => new PassiveEnvChecker<float[], int>(env),
                1 => new OrderEnforcing<float[], int>(env),
                2 => new RecordEpisodeStatistics<float[], int>(env),
                3 => new NormalizeObservation<int>(env),
                4 => new NormalizeReward<float[], int>(env),
                5 => Transform.Reward(env, r => Math.Clamp(r, -0.5, 0.5)),
                6 => new FrameStackObservation<float, int>(env, 1 + Math.Abs(choice) % 3, Math.Abs(choice) % 2 == 0 ? FramePadding.Reset : FramePadding.Zero),
                7 => FlattenObservation.ToSingle(env),
                8 => Transform.Observation(env, o => o), // identity with the inner space
                _ => new Autoreset<float[], int>(env),
            };
        }
        return new TimeLimit<float[], int>(env, limit);
    }

    private static List<(float[] Obs, double Reward, bool Terminated, bool Truncated)> Rollout(Env<float[], int> env, long seed, byte[] actions, int limit)
    {
        var trajectory = new List<(float[], double, bool, bool)>();
        var (obs, info) = env.Reset(seed: seed);
        Assert.True(env.ObservationSpace.Contains(obs), $"reset observation outside {env.ObservationSpace}");
        Assert.NotNull(info);
        trajectory.Add(((float[])obs.Clone(), 0, false, false));
        int steps = 0;
        foreach (var a in actions)
        {
            var r = env.Step(a % 3);
            steps++;
            Assert.True(env.ObservationSpace.Contains(r.Observation), $"step observation {string.Join(", ", r.Observation)} outside {env.ObservationSpace}");
            Assert.True(double.IsFinite(r.Reward));
            Assert.NotNull(r.Info);
            Assert.True(steps <= limit);
            if (steps == limit) Assert.True(r.Truncated, "TimeLimit must truncate at the limit");
            else if (!r.Terminated) Assert.False(r.Truncated, $"truncated early at step {steps} of {limit}");
            trajectory.Add(((float[])r.Observation.Clone(), r.Reward, r.Terminated, r.Truncated));
            if (r.Terminated || r.Truncated)
            {
                env.Reset();
                steps = 0;
            }
        }
        return trajectory;
    }

    [Property(MaxTest = 60)]
    public void RandomStacksKeepTheContractAndAreDeterministicUnderSeed(int[] choices, NonNegativeInt seed, byte[] actions, PositiveInt limit)
    {
        int maxSteps = 1 + limit.Get % 12;
        var first = Rollout(Stack(choices, maxSteps), seed.Get, actions, maxSteps);
        var second = Rollout(Stack(choices, maxSteps), seed.Get, actions, maxSteps);
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Obs.Select(BitConverter.SingleToInt32Bits), second[i].Obs.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(BitConverter.DoubleToInt64Bits(first[i].Reward), BitConverter.DoubleToInt64Bits(second[i].Reward));
            Assert.Equal((first[i].Terminated, first[i].Truncated), (second[i].Terminated, second[i].Truncated));
        }
    }

    [Property(MaxTest = 40)]
    public void ClipAndRescaleAlwaysDeliverActionsInsideTheInnerSpace(float a0, float a1, NormalFloat lo, NormalFloat width)
    {
        var inner = new ReachEnv();
        double min = Math.Clamp(lo.Get, -1e6, 1e6), max = min + Math.Clamp(Math.Abs(width.Get), 1e-3, 1e6);
        var rescaled = ActionWrappers.Rescale(inner, min, max);
        var clipped = ActionWrappers.Clip(rescaled);
        clipped.Reset(seed: 0);
        float x0 = float.IsNaN(a0) ? 0 : a0, x1 = float.IsNaN(a1) ? 0 : a1;
        clipped.Step([x0, x1]);
        Assert.True(inner.ActionSpace.Contains(inner.LastAction!), $"delivered [{string.Join(", ", inner.LastAction!)}]");
    }
}
