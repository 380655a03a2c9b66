using DotGym.Snapshots;
using System.Globalization;
using DotGym.Registration;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Envs.ClassicControl;

/// <summary>
/// A pole balanced on a cart that is pushed left (action 0) or right (action 1) — Gymnasium's <c>CartPoleEnv</c>
/// (CartPole-v0/v1), bit for bit: float64 state, Euler integration, float32 observations
/// <c>[x, x_dot, theta, theta_dot]</c>. The episode terminates when |theta| &gt; 12° or |x| &gt; 2.4.
/// <para>
/// Reward is +1 per step including the terminating one. Stepping on after termination (undefined behaviour in
/// Gymnasium) keeps the dynamics running and gives reward 0 (−1 with <c>sutton_barto_reward</c>, which also makes
/// ordinary steps 0 and the terminating step −1).
/// </para>
/// </summary>
public sealed class CartPoleEnv : Env<float[], int>, IPhysicalState
{
    private const string Name = "CartPole";
    // The physics constants are public so that every batched implementation (CartPoleBatch, the tensor CartPole of
    // DotGym.Agents.Tensors) steps exactly these numbers.
    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;
    /// <summary>Mass of the cart (kg).</summary>
    public const double MassCart = 1.0;
    /// <summary>Mass of the pole (kg).</summary>
    public const double MassPole = 0.1;
    /// <summary>Cart plus pole (kg).</summary>
    public const double TotalMass = MassPole + MassCart;
    /// <summary>Half the pole's length (m).</summary>
    public const double Length = 0.5;
    /// <summary>Pole mass times half length.</summary>
    public const double PoleMassLength = MassPole * Length;
    /// <summary>Force of one push (N).</summary>
    public const double ForceMag = 10.0;
    /// <summary>Seconds between state updates (Euler step).</summary>
    public const double Tau = 0.02;
    /// <summary>The episode terminates when |x| exceeds this (m).</summary>
    public const double XThreshold = 2.4;
    /// <summary>Reset draws each state variable uniformly in [-ResetBound, ResetBound).</summary>
    public const double ResetBound = 0.05;
    private const int ScreenWidth = 600;
    private const int ScreenHeight = 400;

    /// <summary>The pole angle at which the episode fails: 12 degrees, written as Gymnasium computes it.</summary>
    public static readonly double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = ClassicControlChecks.SupportedRenderModes, RenderFps = 50 };

    private readonly float[] _observation = new float[4];
    private double _x, _xDot, _theta, _thetaDot;
    private bool _hasState;

    /// <param name="suttonBartoReward">Reward 0 per step and −1 on termination, as in Sutton and Barto's original.</param>
    /// <param name="renderMode">"rgb_array" (600x400 image), "ansi" (a text line) or null.</param>
    public CartPoleEnv(bool suttonBartoReward = false, string? renderMode = null)
    {
        SuttonBartoReward = suttonBartoReward;
        RenderMode = ClassicControlChecks.ValidateRenderMode(renderMode, Name);
        ObservationSpace = CreateObservationSpace();
    }

    /// <summary>Gymnasium's CartPole observation space: twice the failure thresholds, so the failing observation is inside.</summary>
    public static Box<float> CreateObservationSpace()
    {
        float[] high = [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThresholdRadians * 2), float.PositiveInfinity];
        return new Box<float>(high.Select(h => -h).ToArray(), high);
    }

    /// <summary>Creates the env from Gymnasium keyword arguments: <c>sutton_barto_reward</c>, <c>render_mode</c>.</summary>
    public static CartPoleEnv FromKwargs(IReadOnlyDictionary<string, object> kwargs)
    {
        var args = new Kwargs(kwargs, Name);
        var env = new CartPoleEnv(args.Get("sutton_barto_reward", false), args.Get<string?>("render_mode", null));
        args.EnsureAllUsed();
        return env;
    }

    public override Box<float> ObservationSpace { get; }
    public override Discrete ActionSpace { get; } = new(2);
    public override EnvMetadata Metadata => ClassMetadata;

    public bool SuttonBartoReward { get; }

    /// <summary>Steps taken since the step that first returned terminated (null while the episode is running).</summary>
    public int? StepsBeyondTerminated { get; private set; }

    /// <summary>The physical state (x, x_dot, theta, theta_dot), float64.</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State
    {
        get => (_x, _xDot, _theta, _thetaDot);
        set
        {
            (_x, _xDot, _theta, _thetaDot) = value;
            _hasState = true;
        }
    }

    public int StateSize => 4;
    public double[] GetState() => [_x, _xDot, _theta, _thetaDot];

    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 4) throw new ArgumentException($"{Name} state has 4 values (x, x_dot, theta, theta_dot), got {state.Length}.", nameof(state));
        State = (state[0], state[1], state[2], state[3]);
    }

    public override bool SupportsStateSnapshot => true;

    /// <summary>Writes the physical state, the steps-beyond-terminated counter and the generator.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        StateSnapshot.WriteHeader(writer, Name);
        writer.Write(SuttonBartoReward);
        writer.Write(_hasState);
        writer.Write(_x); writer.Write(_xDot); writer.Write(_theta); writer.Write(_thetaDot);
        StateSnapshot.WriteOptional(writer, StepsBeyondTerminated);
        NpRandom.SaveState(writer);
    }

    public override void LoadState(BinaryReader reader)
    {
        StateSnapshot.ReadHeader(reader, Name);
        StateSnapshot.EnsureSameSetting(reader.ReadBoolean(), SuttonBartoReward, Name, "sutton_barto_reward");
        _hasState = reader.ReadBoolean();
        (_x, _xDot, _theta, _thetaDot) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        StepsBeyondTerminated = StateSnapshot.ReadOptionalInt32(reader);
        NpRandom.LoadState(reader);
    }

    /// <summary>
    /// Samples each state variable uniformly in [-0.05, 0.05); <paramref name="options"/> may override the bounds with
    /// "low" and "high".
    /// </summary>
    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        var (low, high) = ClassicControlChecks.ResetBounds(options, -ResetBound, ResetBound);
        var rng = NpRandom;
        _x = rng.Uniform(low, high);
        _xDot = rng.Uniform(low, high);
        _theta = rng.Uniform(low, high);
        _thetaDot = rng.Uniform(low, high);
        _hasState = true;
        StepsBeyondTerminated = null;
        return new ResetResult<float[]>(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        ClassicControlChecks.EnsureStarted(_hasState, Name);
        double force = action == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(_theta);
        double sinTheta = Math.Sin(_theta);

        // Same operation order as Gymnasium (https://coneural.org/florian/papers/05_cart_pole.pdf).
        double temp = (force + PoleMassLength * (_thetaDot * _thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp) / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        // Euler integration (Gymnasium's default kinematics_integrator).
        _x += Tau * _xDot;
        _xDot += Tau * xAcc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaAcc;

        bool terminated = _x < -XThreshold || _x > XThreshold || _theta < -ThetaThresholdRadians || _theta > ThetaThresholdRadians;
        double reward;
        if (!terminated) reward = SuttonBartoReward ? 0.0 : 1.0;
        else if (StepsBeyondTerminated is null)
        {
            StepsBeyondTerminated = 0; // the pole just fell
            reward = SuttonBartoReward ? -1.0 : 1.0;
        }
        else
        {
            StepsBeyondTerminated++;
            reward = SuttonBartoReward ? -1.0 : 0.0;
        }
        return new StepResult<float[]>(Observe(), reward, terminated, false, Infos.Empty);
    }

    private float[] Observe()
    {
        _observation[0] = (float)_x;
        _observation[1] = (float)_xDot;
        _observation[2] = (float)_theta;
        _observation[3] = (float)_thetaDot;
        return _observation;
    }

    public override RenderFrame? Render()
    {
        if (RenderMode is null || !_hasState) return null;
        return RenderMode == RenderModes.Ansi ? RenderFrame.FromText(RenderText()) : RenderImage();
    }

    private string RenderText()
    {
        const int trackCells = 49;
        int cell = (int)Math.Round((Math.Clamp(_x, -XThreshold, XThreshold) + XThreshold) / (2 * XThreshold) * (trackCells - 1));
        char pole = _theta > 0.02 ? '/' : _theta < -0.02 ? '\\' : '|';
        var track = new string('-', trackCells).ToCharArray();
        track[cell] = pole;
        return string.Create(CultureInfo.InvariantCulture,
            $"|{new string(track)}|  x={_x:+0.000;-0.000} x_dot={_xDot:+0.000;-0.000} theta={_theta * 180 / Math.PI:+0.0;-0.0}deg theta_dot={_thetaDot:+0.000;-0.000}");
    }

    private RenderFrame RenderImage()
    {
        // Gymnasium's pygame geometry: 125 px per metre, cart top at y = 100 (y up), pole pivot 7.5 px below it.
        const double scale = ScreenWidth / (XThreshold * 2);
        const double poleWidth = 10.0, poleLength = scale * (2 * Length), cartWidth = 50.0, cartHeight = 30.0;
        const double axleOffset = cartHeight / 4.0;
        const int cartY = 100;
        var canvas = new PygameCanvas(ScreenWidth, ScreenHeight);
        double cartX = _x * scale + ScreenWidth / 2.0;

        double l = -cartWidth / 2, r = cartWidth / 2, t = cartHeight / 2, b = -cartHeight / 2;
        ReadOnlySpan<(double, double)> cart = [(l + cartX, b + cartY), (l + cartX, t + cartY), (r + cartX, t + cartY), (r + cartX, b + cartY)];
        canvas.FillPolygon(cart, Rgb.Black);

        l = -poleWidth / 2; r = poleWidth / 2; t = poleLength - poleWidth / 2; b = -poleWidth / 2;
        Span<(double X, double Y)> pole = [(l, b), (l, t), (r, t), (r, b)];
        for (int i = 0; i < pole.Length; i++)
        {
            var (px, py) = PygameCanvas.Rotate(pole[i].X, pole[i].Y, -_theta);
            pole[i] = (px + cartX, py + cartY + axleOffset);
        }
        canvas.FillPolygon(pole, new Rgb(202, 152, 101));
        canvas.FillCircle((int)cartX, (int)(cartY + axleOffset), (int)(poleWidth / 2), new Rgb(129, 132, 203));
        canvas.HorizontalLine(0, ScreenWidth, cartY, Rgb.Black);
        return canvas.ToFrame();
    }
}
