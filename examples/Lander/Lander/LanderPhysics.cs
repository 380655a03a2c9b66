namespace Lander;

/// <summary>
/// The game itself, with no framework: a craft falls toward flat ground under gravity and must touch down softly on
/// the pad at x = 0. Four controls: nothing, the main engine (up), and two side thrusters. Units are arbitrary
/// (the play field is x in [-1.5, 1.5], y in [0, 2]); one step is <see cref="Dt"/> seconds. Every number is float64,
/// so a seeded episode repeats exactly on every machine, JIT or NativeAOT.
/// </summary>
public sealed class LanderPhysics
{
    public const double Dt = 0.05, Gravity = 1.0, MainThrust = 2.2, SideThrust = 0.8;
    public const double PadHalfWidth = 0.2, SafeDescentSpeed = 0.6, SafeDriftSpeed = 0.4, FieldHalfWidth = 1.5, Ceiling = 2.0;

    /// <summary>The four controls.</summary>
    public enum Control { None = 0, Main = 1, PushLeft = 2, PushRight = 3 }

    public double X { get; private set; }
    public double Y { get; private set; }
    public double VelocityX { get; private set; }
    public double VelocityY { get; private set; }

    /// <summary>The control applied in the last step (drawn as a flame).</summary>
    public Control LastControl { get; private set; }

    /// <summary>How the episode ended: null while flying.</summary>
    public Outcome? Result { get; private set; }

    /// <summary>Places the craft high above the ground, off to one side, drifting.</summary>
    public void Start(double x, double velocityX, double velocityY)
    {
        X = x;
        Y = 1.2;
        VelocityX = velocityX;
        VelocityY = velocityY;
        LastControl = Control.None;
        Result = null;
    }

    /// <summary>Advances one step (semi-implicit Euler) and decides whether the craft landed, crashed or left the field.</summary>
    public void Step(Control control)
    {
        LastControl = control;
        double ax = control switch { Control.PushLeft => -SideThrust, Control.PushRight => SideThrust, _ => 0 };
        double ay = -Gravity + (control == Control.Main ? MainThrust : 0);
        VelocityX += ax * Dt;
        VelocityY += ay * Dt;
        X += VelocityX * Dt;
        Y += VelocityY * Dt;
        if (Y <= 0)
        {
            Y = 0;
            bool soft = VelocityY >= -SafeDescentSpeed && Math.Abs(VelocityX) <= SafeDriftSpeed;
            Result = soft && Math.Abs(X) <= PadHalfWidth ? Outcome.Landed : Outcome.Crashed;
        }
        else if (Math.Abs(X) > FieldHalfWidth || Y > Ceiling) Result = Outcome.Lost;
    }

    /// <summary>How far the craft is from resting on the pad: the reward's shaping potential (LunarLander's idea).</summary>
    public double Distance => Math.Sqrt(X * X + Y * Y) + Math.Sqrt(VelocityX * VelocityX + VelocityY * VelocityY);
}

/// <summary>How an episode ended.</summary>
public enum Outcome { Landed, Crashed, Lost }
