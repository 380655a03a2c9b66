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
                3 => new NormalizeObservation<float, int>(env),
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

    /// <summary>
    /// ClipAction outside RescaleAction keeps the agent's action in the new box; Gymnasium's RescaleAction does not
    /// clip its output, so the delivered action lies in the inner box up to float32 rounding of the affine map.
    /// </summary>
    [Property(MaxTest = 40)]
    public void ClipThenRescaleDeliversActionsInsideTheInnerSpaceUpToRounding(float a0, float a1, NormalFloat lo, NormalFloat width)
    {
        var inner = new UncheckedReachEnv();
        double min = Math.Clamp(lo.Get, -1e6, 1e6), max = min + Math.Clamp(Math.Abs(width.Get), 1e-3, 1e6);
        var clipped = ActionWrappers.Clip(ActionWrappers.Rescale(inner, min, max));
        clipped.Reset(seed: 0);
        float[] action = [float.IsNaN(a0) ? 0 : a0, float.IsNaN(a1) ? 0 : a1];
        clipped.Step(action);
        var box = (DotGym.Spaces.Box<float>)inner.ActionSpace;
        for (int i = 0; i < 2; i++)
        {
            double gradient = (max - min) / (box.High[i] - box.Low[i]);
            double agent = Math.Clamp(action[i], (float)min, (float)max);
            double intercept = gradient * -box.Low[i] + min;
            // float32 rounding of the new bounds, the intercept, the subtraction and the division.
            double slack = 4 * float.Epsilon + 1.2e-7 * 4 * ((Math.Abs(agent) + Math.Abs(intercept) + Math.Abs(max - (float)max) + Math.Abs(min - (float)min)) / gradient + Math.Max(Math.Abs(box.Low[i]), box.High[i]));
            float delivered = inner.LastAction![i];
            Assert.True(delivered >= box.Low[i] - slack && delivered <= box.High[i] + slack, $"dimension {i}: delivered {delivered} outside [{box.Low[i]}, {box.High[i]}] by more than {slack}");
        }
    }

    /// <summary>ReachEnv's action space, recording actions without validating them (as Gymnasium envs that clip themselves).</summary>
    private sealed class UncheckedReachEnv : Env<float[], float[]>
    {
        public override DotGym.Spaces.Space<float[]> ObservationSpace { get; } = new DotGym.Spaces.Box<float>(0f, 0f, 0);
        public override DotGym.Spaces.Space<float[]> ActionSpace { get; } = new ReachEnv().ActionSpace;
        public float[]? LastAction { get; private set; }
        public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new([], Infos.Empty);
        public override StepResult<float[]> Step(float[] action)
        {
            LastAction = (float[])action.Clone();
            return new StepResult<float[]>([], 0, false, false, Infos.Empty);
        }
    }
}
