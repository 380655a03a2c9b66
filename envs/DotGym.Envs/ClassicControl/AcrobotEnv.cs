using DotGym.Snapshots;
using System.Globalization;
using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// Two links hanging from a fixed joint, with torque −1, 0 or +1 (actions 0, 1, 2) on the joint between them —
/// Gymnasium's <c>AcrobotEnv</c> (Acrobot-v1, Sutton and Barto's "book" dynamics), bit for bit: one RK4 step of
/// 0.2 s, angles wrapped to [-π, π], velocities bounded to ±4π and ±9π. Observation: float32
/// <c>[cos θ1, sin θ1, cos θ2, sin θ2, θ1', θ2']</c>. Reward −1 per step; the episode terminates (reward 0) when
/// the free end rises above the bar: <c>-cos θ1 − cos(θ2 + θ1) &gt; 1</c>.
/// <para>Like Gymnasium, the reset state is rounded to float32; the state after a step is float64.</para>
/// </summary>
public sealed class AcrobotEnv : Env<float[], int>, IPhysicalState
{
    private const string Name = "Acrobot";
    /// <summary>The time step integrated by one RK4 step (s).</summary>
    public const double Dt = 0.2;
    /// <summary>Link lengths (m).</summary>
    public const double LinkLength1 = 1.0, LinkLength2 = 1.0;
    /// <summary>Link masses (kg).</summary>
    public const double LinkMass1 = 1.0, LinkMass2 = 1.0;
    /// <summary>Distances from each link's joint to its centre of mass (m).</summary>
    public const double LinkComPos1 = 0.5, LinkComPos2 = 0.5;
    /// <summary>The moment of inertia of both links.</summary>
    public const double LinkMoi = 1.0;
    /// <summary>Gravitational acceleration (m/s²).</summary>
    public const double G = 9.8;
    /// <summary>Reset draws each of θ1, θ2, θ1', θ2' uniformly in [-ResetBound, ResetBound), rounded to float32.</summary>
    public const double ResetBound = 0.1;
    private const int ScreenDim = 500;

    /// <summary>Velocity bounds of the two joints (4π and 9π rad/s).</summary>
    public const double MaxVel1 = 4 * Math.PI, MaxVel2 = 9 * Math.PI;

    /// <summary>The torque of each action (0, 1, 2) on the joint between the links.</summary>
    public static ReadOnlySpan<double> AvailableTorque => [-1.0, 0.0, 1.0];
    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 15 };

    private readonly float[] _observation = new float[6];
    // theta1, theta2, dtheta1, dtheta2, torque: the "augmented state" Gymnasium integrates.
    private readonly double[] _state = new double[5];
    private readonly double[] _k1 = new double[5], _k2 = new double[5], _k3 = new double[5], _k4 = new double[5], _probe = new double[5];
    private bool _hasState;

    /// <param name="renderMode">"rgb_array" (500x500 image), "ansi" (a text line) or null.</param>
    public AcrobotEnv(string? renderMode = null)
    {
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, Name);
        float[] high = [1, 1, 1, 1, (float)MaxVel1, (float)MaxVel2];
        ObservationSpace = new Box<float>(high.Select(h => -h).ToArray(), high);
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>render_mode</c>.</summary>
    public static AcrobotEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new AcrobotEnv(args.Get<string?>("render_mode", null));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ObservationSpace { get; }
    public override Discrete ActionSpace { get; } = new(3);
    public override EnvMetadata Metadata => ClassMetadata;

    /// <summary>Use the NeurIPS paper's equations instead of the book's (Gymnasium's <c>book_or_nips = "nips"</c>).</summary>
    public bool UseNipsDynamics { get; set; }

    public int StateSize => 4;
    public double[] GetState() => _state[..4];

    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 4) throw new ArgumentException($"{Name} state has 4 values (theta1, theta2, dtheta1, dtheta2), got {state.Length}.", nameof(state));
        state.CopyTo(_state);
        _hasState = true;
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes the four angles and velocities, the dynamics choice and the generator.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        StateSnapshot.WriteHeader(writer, Name);
        writer.Write(UseNipsDynamics);
        writer.Write(_hasState);
        for (int i = 0; i < 4; i++) writer.Write(_state[i]);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        StateSnapshot.ReadHeader(reader, Name);
        UseNipsDynamics = reader.ReadBoolean();
        _hasState = reader.ReadBoolean();
        for (int i = 0; i < 4; i++) _state[i] = reader.ReadDouble();
        NpRandom.LoadState(reader);
    }

    /// <summary>Each state variable uniform in [-0.1, 0.1) ("low"/"high" options override it), rounded to float32.</summary>
    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        var (low, high) = ClassicControlChecks.ResetBounds(options, -ResetBound, ResetBound);
        for (int i = 0; i < 4; i++) _state[i] = (float)NpRandom.Uniform(low, high);
        _hasState = true;
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        ClassicControlChecks.EnsureStarted(_hasState, Name);
        _state[4] = AvailableTorque[action];
        Rk4Step();
        _state[0] = Wrap(_state[0], -Math.PI, Math.PI);
        _state[1] = Wrap(_state[1], -Math.PI, Math.PI);
        _state[2] = Bound(_state[2], -MaxVel1, MaxVel1);
        _state[3] = Bound(_state[3], -MaxVel2, MaxVel2);
        bool terminated = -Math.Cos(_state[0]) - Math.Cos(_state[1] + _state[0]) > 1.0;
        return new StepResult<float[]>(Observe(), terminated ? 0.0 : -1.0, terminated, false, Infos.Empty);
    }

    /// <summary>Gymnasium's <c>rk4(derivs, y0, [0, dt])</c>: one classical Runge-Kutta step, element-wise in its order.</summary>
    private void Rk4Step()
    {
        const double dt2 = Dt / 2.0;
        Derivatives(_state, _k1);
        for (int i = 0; i < 5; i++) _probe[i] = _state[i] + dt2 * _k1[i];
        Derivatives(_probe, _k2);
        for (int i = 0; i < 5; i++) _probe[i] = _state[i] + dt2 * _k2[i];
        Derivatives(_probe, _k3);
        for (int i = 0; i < 5; i++) _probe[i] = _state[i] + Dt * _k3[i];
        Derivatives(_probe, _k4);
        for (int i = 0; i < 4; i++) _state[i] += Dt / 6.0 * (_k1[i] + 2 * _k2[i] + 2 * _k3[i] + _k4[i]);
    }

    /// <summary>Gymnasium's <c>_dsdt</c>, keeping its operation order (and <c>x**2</c> as <c>pow(x, 2)</c>).</summary>
    private void Derivatives(double[] s, double[] derivative)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1, lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3], a = s[4];
        double d1 = m1 * Math.Pow(lc1, 2) + m2 * (Math.Pow(l1, 2) + Math.Pow(lc2, 2) + 2 * l1 * lc2 * Math.Cos(theta2)) + i1 + i2;
        double d2 = m2 * (Math.Pow(lc2, 2) + l1 * lc2 * Math.Cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
            + (m1 * lc1 + m2 * l1) * G * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        double ddtheta2 = UseNipsDynamics
            ? (a + d2 / d1 * phi1 - phi2) / (m2 * Math.Pow(lc2, 2) + i2 - Math.Pow(d2, 2) / d1)
            : (a + d2 / d1 * phi1 - m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2) - phi2) / (m2 * Math.Pow(lc2, 2) + i2 - Math.Pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        derivative[0] = dtheta1;
        derivative[1] = dtheta2;
        derivative[2] = ddtheta1;
        derivative[3] = ddtheta2;
        derivative[4] = 0.0;
    }

    private static double Wrap(double x, double m, double M)
    {
        double diff = M - m;
        while (x > M) x -= diff;
        while (x < m) x += diff;
        return x;
    }

    // Python's min(max(x, m), M): NaN passes through.
    private static double Bound(double x, double m, double M)
    {
        double lower = m > x ? m : x;
        return M < lower ? M : lower;
    }

    private float[] Observe()
    {
        _observation[0] = (float)Math.Cos(_state[0]);
        _observation[1] = (float)Math.Sin(_state[0]);
        _observation[2] = (float)Math.Cos(_state[1]);
        _observation[3] = (float)Math.Sin(_state[1]);
        _observation[4] = (float)_state[2];
        _observation[5] = (float)_state[3];
        return _observation;
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !_hasState) return null;
        if (RenderMode == RenderModes.Ansi)
        {
            double tipHeight = -Math.Cos(_state[0]) - Math.Cos(_state[1] + _state[0]);
            return RenderFrame.FromText(string.Create(CultureInfo.InvariantCulture,
                $"theta1={_state[0]:+0.000;-0.000} theta2={_state[1]:+0.000;-0.000} dtheta1={_state[2]:+0.000;-0.000} dtheta2={_state[3]:+0.000;-0.000} tip height={tipHeight:+0.000;-0.000} (goal > 1)"));
        }
        return RenderImage();
    }

    private RenderFrame RenderImage()
    {
        // Gymnasium's pygame geometry: 2.2 m from the centre to each edge, y up, then flipped.
        const double bound = LinkLength1 + LinkLength2 + 0.2;
        const double scale = ScreenDim / (bound * 2);
        const double offset = ScreenDim / 2.0;
        var canvas = new PygameCanvas(ScreenDim, ScreenDim);
        double s0 = _state[0], s1 = _state[1];
        (double X, double Y) p1 = (-LinkLength1 * Math.Cos(s0) * scale, LinkLength1 * Math.Sin(s0) * scale);
        // Each link starts at a joint: the fixed one and the elbow (Gymnasium swaps each point's coordinates, xys[:, ::-1]).
        ReadOnlySpan<(double X, double Y)> joints = [(0, 0), (p1.Y, p1.X)];
        ReadOnlySpan<double> thetas = [s0 - Math.PI / 2, s0 + s1 - Math.PI / 2];

        canvas.DrawLine(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, 1, Rgb.Black);
        var linkColor = new Rgb(0, 204, 204);
        var jointColor = new Rgb(204, 204, 0);
        for (int link = 0; link < 2; link++)
        {
            double x = joints[link].X + offset, y = joints[link].Y + offset;
            double l = 0, r = scale, t = 0.1 * scale, b = -0.1 * scale;
            Span<(double X, double Y)> rect = [(l, b), (l, t), (r, t), (r, b)];
            for (int i = 0; i < rect.Length; i++)
            {
                var (rx, ry) = PygameCanvas.Rotate(rect[i].X, rect[i].Y, thetas[link]);
                rect[i] = (rx + x, ry + y);
            }
            canvas.FillPolygon(rect, linkColor);
            canvas.FillCircle((int)x, (int)y, (int)(0.1 * scale), jointColor);
        }
        return canvas.ToFrame();
    }
}
