using DotGym.Registration;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// An underpowered car in a valley that must rock back and forth to reach the flag on the right hill —
/// Gymnasium's <c>MountainCarEnv</c> (MountainCar-v0), bit for bit. Actions: 0 accelerate left, 1 coast,
/// 2 accelerate right. Observation: float32 <c>[position, velocity]</c>; reward −1 per step; the episode
/// terminates when position ≥ 0.5 and velocity ≥ <see cref="MountainCarEnvBase{TAction}.GoalVelocity"/>.
/// </summary>
public sealed class MountainCarEnv : MountainCarEnvBase<int>
{
    private const string Name = "MountainCar";
    /// <summary>The engine's velocity change per step for actions 0 and 2 (times action − 1).</summary>
    public const double Force = 0.001;
    /// <summary>The hill's pull: the velocity changes by cos(3·position)·−Gravity per step.</summary>
    public const double Gravity = 0.0025;

    /// <summary>The flag's position.</summary>
    public const double GoalPosition = 0.5;

    /// <param name="renderMode">"rgb_array" (600x400 image), "ansi" (a text line) or null.</param>
    /// <param name="goalVelocity">The minimum velocity at the flag for the episode to terminate.</param>
    public MountainCarEnv(string? renderMode = null, double goalVelocity = 0)
        : base(Name, GoalPosition, renderMode, goalVelocity)
    {
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>, <c>goal_velocity</c>.</summary>
    public static MountainCarEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new MountainCarEnv(args.Get<string?>("render_mode", null), args.Get("goal_velocity", 0.0));
        args.EnsureAllUsed();
        return env;
    }

    public override Discrete ActionSpace { get; } = new(3);

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        ClassicControlChecks.EnsureStarted(HasState, Name);
        Velocity += (action - 1) * Force + Math.Cos(3 * Position) * -Gravity;
        Velocity = Math.Clamp(Velocity, -MaxSpeed, MaxSpeed);
        Position += Velocity;
        Position = Math.Clamp(Position, MinPosition, MaxPosition);
        if (Position == MinPosition && Velocity < 0) Velocity = 0;

        bool terminated = Position >= GoalPosition && Velocity >= GoalVelocity;
        return new StepResult<float[]>(Observe(), -1.0, terminated, false, Infos.Empty);
    }
}
