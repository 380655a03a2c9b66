using DotGym.Snapshots;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// What MountainCar-v0 and MountainCarContinuous-v0 share: the float64 (position, velocity) state, the observation
/// space and buffer, the reset distribution, snapshots and the picture. Each env keeps its own action space and
/// step physics, which differ in Gymnasium (engine force, goal position, reward, float32 state after a step).
/// </summary>
/// <typeparam name="TAction">The action type: <c>int</c> (discrete) or <c>float[]</c> (continuous).</typeparam>
public abstract class MountainCarEnvBase<TAction> : Env<float[], TAction>, IPhysicalState
{
    /// <summary>The left wall: the position is clipped to [MinPosition, MaxPosition] and the car stops there.</summary>
    public const double MinPosition = MountainCarDrawing.MinPosition;
    /// <summary>The right edge of the track.</summary>
    public const double MaxPosition = MountainCarDrawing.MaxPosition;
    /// <summary>The velocity is clipped to [-MaxSpeed, MaxSpeed].</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Reset draws the position uniformly in [ResetLow, ResetHigh) (velocity 0).</summary>
    public const double ResetLow = -0.6, ResetHigh = -0.4;

    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 30 };

    private readonly string _name;
    private readonly double _goalPosition;
    private readonly float[] _observation = new float[2];

    /// <summary>The car's position and velocity (Gymnasium's <c>self.state</c>).</summary>
    private protected double Position, Velocity;

    /// <summary>Whether a reset (or <see cref="SetState"/>) has given the env a state yet.</summary>
    private protected bool HasState;

    private protected MountainCarEnvBase(string name, double goalPosition, string? renderMode, double goalVelocity)
    {
        _name = name;
        _goalPosition = goalPosition;
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, name);
        GoalVelocity = goalVelocity;
    }

    public override Box<float> ObservationSpace { get; } =
        new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    public override EnvMetadata Metadata => ClassMetadata;

    /// <summary>The minimum velocity at the flag for the episode to terminate.</summary>
    public double GoalVelocity { get; }

    public int StateSize => 2;
    public double[] GetState() => [Position, Velocity];

    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 2) throw new ArgumentException($"{_name} state has 2 values (position, velocity), got {state.Length}.", nameof(state));
        (Position, Velocity, HasState) = (state[0], state[1], true);
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes position, velocity and the generator.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        StateSnapshot.WriteHeader(writer, _name);
        writer.Write(GoalVelocity);
        writer.Write(HasState);
        writer.Write(Position); writer.Write(Velocity);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        StateSnapshot.ReadHeader(reader, _name);
        StateSnapshot.EnsureSameSetting(reader.ReadDouble(), GoalVelocity, _name, "goal_velocity");
        HasState = reader.ReadBoolean();
        (Position, Velocity) = (reader.ReadDouble(), reader.ReadDouble());
        NpRandom.LoadState(reader);
    }

    /// <summary>Position uniform in [-0.6, -0.4) ("low"/"high" options override it), velocity 0.</summary>
    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        var (low, high) = ClassicControlChecks.ResetBounds(options, ResetLow, ResetHigh);
        Position = NpRandom.Uniform(low, high);
        Velocity = 0;
        HasState = true;
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    /// <summary>Writes the state, as float32, into the env's one observation buffer and returns it.</summary>
    private protected float[] Observe()
    {
        _observation[0] = (float)Position;
        _observation[1] = (float)Velocity;
        return _observation;
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !HasState) return null;
        return RenderMode == RenderModes.Ansi
            ? RenderFrame.FromText(MountainCarDrawing.Text(Position, Velocity, _goalPosition))
            : MountainCarDrawing.Image(Position, _goalPosition);
    }
}
