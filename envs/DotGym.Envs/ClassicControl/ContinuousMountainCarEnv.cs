using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// The mountain car with a continuous engine force in [-1, 1] — Gymnasium's <c>Continuous_MountainCarEnv</c>
/// (MountainCarContinuous-v0), bit for bit. Reward: −0.1·action² per step, +100 on reaching the flag
/// (position ≥ 0.45 with velocity ≥ <see cref="GoalVelocity"/>), which terminates the episode.
/// <para>
/// Out-of-range forces are clipped to [-1, 1] for the dynamics (the reward still uses the raw action), as in
/// Gymnasium. Like Gymnasium, the state is stored as float32 after each step and as float64 after a reset, and
/// float32·Python-float arithmetic happens in float64 (numpy 1.x promotion).
/// </para>
/// </summary>
public sealed class ContinuousMountainCarEnv : Env<float[], float[]>, IPhysicalState
{
    private const string Name = "MountainCarContinuous";
    private const double MinAction = -1.0;
    private const double MaxAction = 1.0;
    private const double MinPosition = MountainCarDrawing.MinPosition;
    private const double MaxPosition = MountainCarDrawing.MaxPosition;
    private const double MaxSpeed = 0.07;
    private const double Power = 0.0015;

    /// <summary>The flag's position (0.45; the discrete MountainCar uses 0.5).</summary>
    public const double GoalPosition = 0.45;

    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 30 };

    private readonly float[] _observation = new float[2];
    private double _position, _velocity;
    private bool _hasState;

    /// <param name="renderMode">"rgb_array" (600x400 image), "ansi" (a text line) or null.</param>
    /// <param name="goalVelocity">The minimum velocity at the flag for the episode to terminate.</param>
    public ContinuousMountainCarEnv(string? renderMode = null, double goalVelocity = 0)
    {
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, Name);
        GoalVelocity = goalVelocity;
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>, <c>goal_velocity</c>.</summary>
    public static ContinuousMountainCarEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new ContinuousMountainCarEnv(args.Get<string?>("render_mode", null), args.Get("goal_velocity", 0.0));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ObservationSpace { get; } =
        new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    public override Box<float> ActionSpace { get; } = new((float)MinAction, (float)MaxAction, 1);
    public override EnvMetadata Metadata => ClassMetadata;

    public double GoalVelocity { get; }

    public int StateSize => 2;
    public double[] GetState() => [_position, _velocity];

    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 2) throw new ArgumentException($"{Name} state has 2 values (position, velocity), got {state.Length}.", nameof(state));
        (_position, _velocity, _hasState) = (state[0], state[1], true);
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes position, velocity and the generator.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        ClassicControlSnapshot.WriteHeader(writer, Name);
        writer.Write(GoalVelocity);
        writer.Write(_hasState);
        writer.Write(_position); writer.Write(_velocity);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        ClassicControlSnapshot.ReadHeader(reader, Name);
        ClassicControlSnapshot.EnsureSameSetting(reader.ReadDouble(), GoalVelocity, Name, "goal_velocity");
        _hasState = reader.ReadBoolean();
        (_position, _velocity) = (reader.ReadDouble(), reader.ReadDouble());
        NpRandom.LoadState(reader);
    }

    /// <summary>Position uniform in [-0.6, -0.4) ("low"/"high" options override it), velocity 0.</summary>
    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        var (low, high) = ClassicControlChecks.ResetBounds(options, -0.6, -0.4);
        _position = NpRandom.Uniform(low, high);
        _velocity = 0;
        _hasState = true;
        _observation[0] = (float)_position;
        _observation[1] = (float)_velocity;
        return new ResetResult<float[]>(_observation, Infos.Empty);
    }

    public override StepResult<float[]> Step(float[] action)
    {
        float rawForce = ClassicControlChecks.SingleContinuousAction(action, Name, "[-1, 1]");
        ClassicControlChecks.EnsureStarted(_hasState, Name);
        double force = Math.Min(Math.Max(rawForce, MinAction), MaxAction);

        double velocity = _velocity + (force * Power - 0.0025 * Math.Cos(3 * _position));
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        double position = _position + velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = terminated ? 100.0 : 0;
        reward -= Math.Pow(rawForce, 2) * 0.1;

        // Gymnasium keeps the post-step state as a float32 array (and returns that same array as the observation).
        _observation[0] = (float)position;
        _observation[1] = (float)velocity;
        _position = _observation[0];
        _velocity = _observation[1];
        return new StepResult<float[]>(_observation, reward, terminated, false, Infos.Empty);
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !_hasState) return null;
        return RenderMode == RenderModes.Ansi
            ? RenderFrame.FromText(MountainCarDrawing.Text(_position, _velocity, GoalPosition))
            : MountainCarDrawing.Image(_position, GoalPosition);
    }
}
