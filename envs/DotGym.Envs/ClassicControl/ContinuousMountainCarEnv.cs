using DotGym.Registration;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// The mountain car with a continuous engine force in [-1, 1] — Gymnasium's <c>Continuous_MountainCarEnv</c>
/// (MountainCarContinuous-v0), bit for bit. Reward: −0.1·action² per step, +100 on reaching the flag
/// (position ≥ 0.45 with velocity ≥ <see cref="MountainCarEnvBase{TAction}.GoalVelocity"/>), which terminates the episode.
/// <para>
/// Out-of-range forces are clipped to [-1, 1] for the dynamics (the reward still uses the raw action), as in
/// Gymnasium. Like Gymnasium, the state is stored as float32 after each step and as float64 after a reset, and
/// float32·Python-float arithmetic happens in float64 (numpy 1.x promotion).
/// </para>
/// </summary>
public sealed class ContinuousMountainCarEnv : MountainCarEnvBase<float[]>
{
    private const string Name = "MountainCarContinuous";
    private const double MinAction = -1.0;
    private const double MaxAction = 1.0;
    private const double Power = 0.0015;

    /// <summary>The flag's position (0.45; the discrete MountainCar uses 0.5).</summary>
    public const double GoalPosition = 0.45;

    /// <param name="renderMode">"rgb_array" (600x400 image), "ansi" (a text line) or null.</param>
    /// <param name="goalVelocity">The minimum velocity at the flag for the episode to terminate.</param>
    public ContinuousMountainCarEnv(string? renderMode = null, double goalVelocity = 0)
        : base(Name, GoalPosition, renderMode, goalVelocity)
    {
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>, <c>goal_velocity</c>.</summary>
    public static ContinuousMountainCarEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new ContinuousMountainCarEnv(args.Get<string?>("render_mode", null), args.Get("goal_velocity", 0.0));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ActionSpace { get; } = new((float)MinAction, (float)MaxAction, 1);

    public override StepResult<float[]> Step(float[] action)
    {
        float rawForce = ClassicControlChecks.SingleContinuousAction(action, Name, "[-1, 1]");
        ClassicControlChecks.EnsureStarted(HasState, Name);
        double force = Math.Min(Math.Max(rawForce, MinAction), MaxAction);

        double velocity = Velocity + (force * Power - 0.0025 * Math.Cos(3 * Position));
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        double position = Position + velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = terminated ? 100.0 : 0;
        reward -= Math.Pow(rawForce, 2) * 0.1;

        // Gymnasium keeps the post-step state as a float32 array (and returns that same array as the observation).
        (Position, Velocity) = ((float)position, (float)velocity);
        return new StepResult<float[]>(Observe(), reward, terminated, false, Infos.Empty);
    }
}
