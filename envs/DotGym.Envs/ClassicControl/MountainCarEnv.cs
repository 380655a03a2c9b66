using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// An underpowered car in a valley that must rock back and forth to reach the flag on the right hill —
/// Gymnasium's <c>MountainCarEnv</c> (MountainCar-v0), bit for bit. Actions: 0 accelerate left, 1 coast,
/// 2 accelerate right. Observation: float32 <c>[position, velocity]</c>; reward −1 per step; the episode
/// terminates when position ≥ 0.5 and velocity ≥ <see cref="GoalVelocity"/>.
/// </summary>
public sealed class MountainCarEnv : Env<float[], int>, IPhysicalState
{
    private const string Name = "MountainCar";
    private const double MinPosition = MountainCarDrawing.MinPosition;
    private const double MaxPosition = MountainCarDrawing.MaxPosition;
    private const double MaxSpeed = 0.07;
    private const double Force = 0.001;
    private const double Gravity = 0.0025;

    /// <summary>The flag's position.</summary>
    public const double GoalPosition = 0.5;

    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 30 };

    private readonly float[] _observation = new float[2];
    private double _position, _velocity;
    private bool _hasState;

    /// <param name="renderMode">"rgb_array" (600x400 image), "ansi" (a text line) or null.</param>
    /// <param name="goalVelocity">The minimum velocity at the flag for the episode to terminate.</param>
    public MountainCarEnv(string? renderMode = null, double goalVelocity = 0)
    {
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, Name);
        GoalVelocity = goalVelocity;
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>, <c>goal_velocity</c>.</summary>
    public static MountainCarEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new MountainCarEnv(args.Get<string?>("render_mode", null), args.Get("goal_velocity", 0.0));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ObservationSpace { get; } =
        new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    public override Discrete ActionSpace { get; } = new(3);
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
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        ClassicControlChecks.EnsureStarted(_hasState, Name);
        _velocity += (action - 1) * Force + Math.Cos(3 * _position) * -Gravity;
        _velocity = Math.Clamp(_velocity, -MaxSpeed, MaxSpeed);
        _position += _velocity;
        _position = Math.Clamp(_position, MinPosition, MaxPosition);
        if (_position == MinPosition && _velocity < 0) _velocity = 0;

        bool terminated = _position >= GoalPosition && _velocity >= GoalVelocity;
        return new StepResult<float[]>(Observe(), -1.0, terminated, false, Infos.Empty);
    }

    private float[] Observe()
    {
        _observation[0] = (float)_position;
        _observation[1] = (float)_velocity;
        return _observation;
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !_hasState) return null;
        return RenderMode == RenderModes.Ansi
            ? RenderFrame.FromText(MountainCarDrawing.Text(_position, _velocity, GoalPosition))
            : MountainCarDrawing.Image(_position, GoalPosition);
    }
}
