using DotGym.Snapshots;
using System.Globalization;
using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// The inverted-pendulum swing-up: apply a torque in [-2, 2] to swing a pendulum upright and keep it there —
/// Gymnasium's <c>PendulumEnv</c> (Pendulum-v1), bit for bit. Observation: float32 <c>[cos θ, sin θ, θ']</c>
/// (θ = 0 is upright); reward <c>−(angle_normalize(θ)² + 0.1·θ'² + 0.001·u²)</c>; it never terminates (the time
/// limit truncates it).
/// <para>
/// Out-of-range torques are clipped to [-2, 2] (in float32), as in Gymnasium. float32·Python-float arithmetic
/// happens in float64 (numpy 1.x promotion), and <c>x**2</c> is <c>pow(x, 2)</c>, as numpy computes it for scalars.
/// </para>
/// </summary>
public sealed class PendulumEnv : Env<float[], float[]>, IPhysicalState
{
    private const string Name = "Pendulum";
    /// <summary>θ' is clipped to [-MaxSpeed, MaxSpeed] (rad/s).</summary>
    public const double MaxSpeed = 8;
    /// <summary>Torques are clipped to [-MaxTorque, MaxTorque] (in float32).</summary>
    public const float MaxTorque = 2.0f;
    /// <summary>The time step (s).</summary>
    public const double Dt = 0.05;
    /// <summary>The pendulum's mass (kg) and length (m).</summary>
    public const double Mass = 1.0, Length = 1.0;
    /// <summary>Reset draws θ in [-DefaultX, DefaultX) and θ' in [-DefaultY, DefaultY) unless the options say otherwise.</summary>
    public const double DefaultX = Math.PI, DefaultY = 1.0;
    private const int ScreenDim = 500;

    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 30 };

    private readonly float[] _observation = new float[3];
    private double _theta, _thetaDot;
    private bool _hasState;

    /// <param name="renderMode">"rgb_array" (500x500 image), "ansi" (a text line) or null.</param>
    /// <param name="g">Gravitational acceleration in m/s² (Gymnasium's <c>g</c>, default 10).</param>
    public PendulumEnv(string? renderMode = null, double g = 10.0)
    {
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, Name);
        if (!double.IsFinite(g)) throw new ArgumentOutOfRangeException(nameof(g), g, "Pendulum gravity g must be a finite number (m/s²), e.g. 9.81.");
        Gravity = g;
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>, <c>g</c>.</summary>
    public static PendulumEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new PendulumEnv(args.Get<string?>("render_mode", null), args.Get("g", 10.0));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ObservationSpace { get; } = new([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]);
    public override Box<float> ActionSpace { get; } = new(-MaxTorque, MaxTorque, 1);
    public override EnvMetadata Metadata => ClassMetadata;

    public double Gravity { get; }

    /// <summary>The torque applied by the last step, after clipping (null after a reset); drawn by the renderer.</summary>
    public float? LastTorque { get; private set; }

    public int StateSize => 2;
    public double[] GetState() => [_theta, _thetaDot];

    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 2) throw new ArgumentException($"{Name} state has 2 values (theta, theta_dot), got {state.Length}.", nameof(state));
        (_theta, _thetaDot, _hasState) = (state[0], state[1], true);
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes θ, θ', the last torque (drawn by the renderer) and the generator.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        StateSnapshot.WriteHeader(writer, Name);
        writer.Write(Gravity);
        writer.Write(_hasState);
        writer.Write(_theta); writer.Write(_thetaDot);
        StateSnapshot.WriteOptional(writer, LastTorque);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        StateSnapshot.ReadHeader(reader, Name);
        StateSnapshot.EnsureSameSetting(reader.ReadDouble(), Gravity, Name, "g");
        _hasState = reader.ReadBoolean();
        (_theta, _thetaDot) = (reader.ReadDouble(), reader.ReadDouble());
        LastTorque = StateSnapshot.ReadOptionalSingle(reader);
        NpRandom.LoadState(reader);
    }

    /// <summary>
    /// θ uniform in [-π, π) and θ' in [-1, 1); the options "x_init" and "y_init" replace π and 1 (symmetric bounds).
    /// </summary>
    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        double x = DefaultX, y = DefaultY;
        if (options is not null)
        {
            if (options.TryGetValue("x_init", out var xInit)) x = ClassicControlChecks.ToDouble(xInit, "x_init");
            if (options.TryGetValue("y_init", out var yInit)) y = ClassicControlChecks.ToDouble(yInit, "y_init");
        }
        _theta = NpRandom.Uniform(-x, x);
        _thetaDot = NpRandom.Uniform(-y, y);
        LastTorque = null;
        _hasState = true;
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(float[] action)
    {
        float raw = ClassicControlChecks.SingleContinuousAction(action, Name, "[-2, 2]");
        ClassicControlChecks.EnsureStarted(_hasState, Name);
        float u = Math.Clamp(raw, -MaxTorque, MaxTorque);
        LastTorque = u;
        double th = _theta, thDot = _thetaDot;

        double costs = Math.Pow(AngleNormalize(th), 2) + 0.1 * Math.Pow(thDot, 2) + 0.001 * Math.Pow(u, 2);
        double newThDot = thDot + (3 * Gravity / (2 * Length) * Math.Sin(th) + 3.0 / (Mass * Math.Pow(Length, 2)) * u) * Dt;
        newThDot = Math.Clamp(newThDot, -MaxSpeed, MaxSpeed);
        _theta = th + newThDot * Dt;
        _thetaDot = newThDot;
        return new StepResult<float[]>(Observe(), -costs, false, false, Infos.Empty);
    }

    /// <summary>Gymnasium's <c>angle_normalize</c>: <c>((x + π) mod 2π) − π</c> with numpy's floored modulo.</summary>
    public static double AngleNormalize(double x) => FlooredMod(x + Math.PI, 2 * Math.PI) - Math.PI;

    // numpy's float remainder: fmod, moved into the divisor's sign; an exact zero takes the divisor's sign.
    private static double FlooredMod(double a, double b)
    {
        double mod = a % b;
        if (mod != 0) return (b < 0) != (mod < 0) ? mod + b : mod;
        return double.CopySign(0, b);
    }

    private float[] Observe()
    {
        _observation[0] = (float)Math.Cos(_theta);
        _observation[1] = (float)Math.Sin(_theta);
        _observation[2] = (float)_thetaDot;
        return _observation;
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !_hasState) return null;
        if (RenderMode == RenderModes.Ansi)
            return RenderFrame.FromText(string.Create(CultureInfo.InvariantCulture,
                $"theta={AngleNormalize(_theta) * 180 / Math.PI:+000.0;-000.0}deg (0 = upright) theta_dot={_thetaDot:+0.000;-0.000} torque={(LastTorque is { } u ? u.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "none")}"));
        return RenderImage();
    }

    private RenderFrame RenderImage()
    {
        // Gymnasium's pygame geometry: 2.2 m from the centre to each edge, rod of 1 m drawn from the centre, y up.
        const double bound = 2.2;
        const double scale = ScreenDim / (bound * 2);
        const int offset = ScreenDim / 2;
        const double rodLength = 1 * scale, rodWidth = 0.2 * scale;
        var canvas = new PygameCanvas(ScreenDim, ScreenDim);
        var rodColor = new Rgb(204, 77, 77);
        double angle = _theta + Math.PI / 2;

        double l = 0, r = rodLength, t = rodWidth / 2, b = -rodWidth / 2;
        Span<(double X, double Y)> rod = [(l, b), (l, t), (r, t), (r, b)];
        for (int i = 0; i < rod.Length; i++)
        {
            var (x, y) = PygameCanvas.Rotate(rod[i].X, rod[i].Y, angle);
            rod[i] = (x + offset, y + offset);
        }
        canvas.FillPolygon(rod, rodColor);
        canvas.FillCircle(offset, offset, (int)(rodWidth / 2), rodColor);
        var (endX, endY) = PygameCanvas.Rotate(rodLength, 0, angle);
        canvas.FillCircle((int)(endX + offset), (int)(endY + offset), (int)(rodWidth / 2), rodColor);

        if (LastTorque is { } torque && torque != 0) DrawTorqueArrow(canvas, offset, scale * Math.Abs(torque) / 4, torque > 0);

        canvas.FillCircle(offset, offset, (int)(0.05 * scale), Rgb.Black);
        return canvas.ToFrame();
    }

    // Stands in for Gymnasium's clockwise.png: a three-quarter ring around the axle, sized by |torque|, with an arrowhead
    // showing the direction (positive torque turns counter-clockwise).
    private static void DrawTorqueArrow(PygameCanvas canvas, double centre, double radius, bool counterClockwise)
    {
        if (radius < 2) return;
        var color = new Rgb(60, 60, 60);
        const int segments = 18;
        double start = Math.PI / 4, sweep = 1.5 * Math.PI, direction = counterClockwise ? 1 : -1;
        double previousX = 0, previousY = 0;
        for (int i = 0; i <= segments; i++)
        {
            double a = start + direction * sweep * i / segments;
            double x = centre + radius * Math.Cos(a), y = centre + radius * Math.Sin(a);
            if (i > 0) canvas.DrawLine(previousX, previousY, x, y, 3, color);
            (previousX, previousY) = (x, y);
        }
        double end = start + direction * sweep;
        var (tx, ty) = (-Math.Sin(end) * direction, Math.Cos(end) * direction); // tangent in the direction of motion
        var (nx, ny) = (Math.Cos(end), Math.Sin(end));
        double size = Math.Max(4, radius / 3);
        ReadOnlySpan<(double, double)> head =
        [
            (previousX + tx * size, previousY + ty * size),
            (previousX + nx * size * 0.6, previousY + ny * size * 0.6),
            (previousX - nx * size * 0.6, previousY - ny * size * 0.6),
        ];
        canvas.FillPolygon(head, color);
    }
}
