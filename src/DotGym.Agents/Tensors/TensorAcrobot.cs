using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// Acrobot-v1 as a tensor env: the state is one <c>[NumEnvs, 4]</c> tensor (θ1, θ2, θ1', θ2') on the device, stepped
/// by <see cref="AcrobotEnv"/>'s RK4 step with its constants, in its operation order, one tensor op per arithmetic
/// operation (book dynamics by default, or the NeurIPS paper's, as the scalar env's <see cref="AcrobotEnv.UseNipsDynamics"/>).
/// Angles are wrapped to [-π, π] and velocities bounded to ±4π and ±9π as the scalar env does. In float64 it differs
/// from the scalar env only where LibTorch's sine and cosine differ from the C library's (measured in
/// tests/DotGym.Agents.Tests/Tensors/TensorClassicControlParityTests.cs). Observation: float32
/// <c>[cos θ1, sin θ1, cos θ2, sin θ2, θ1', θ2']</c>; reward −1 per step, 0 on the step the tip rises above the bar,
/// which terminates. Reset draws are uniform in [-0.1, 0.1), rounded to float32 as the scalar env does.
/// </summary>
public sealed class TensorAcrobot : TensorVectorEnv<float[]>
{
    private const double Pi = Math.PI, Diff = 2 * Math.PI;
    private const double M1 = AcrobotEnv.LinkMass1, M2 = AcrobotEnv.LinkMass2, L1 = AcrobotEnv.LinkLength1;
    private const double Lc1 = AcrobotEnv.LinkComPos1, Lc2 = AcrobotEnv.LinkComPos2, I1 = AcrobotEnv.LinkMoi, I2 = AcrobotEnv.LinkMoi, G = AcrobotEnv.G;
    // The scalar env's Math.Pow(constant, 2) terms, evaluated as it evaluates them.
    private static readonly double M1Lc1Squared = M1 * Math.Pow(Lc1, 2), L1SquaredPlusLc2Squared = Math.Pow(L1, 2) + Math.Pow(Lc2, 2);
    private static readonly double Lc2Squared = Math.Pow(Lc2, 2), M2Lc2SquaredPlusI2 = M2 * Math.Pow(Lc2, 2) + I2;

    private readonly Tensor _theta1, _theta2, _dtheta1, _dtheta2;
    private readonly Tensor _torqueOfAction;
    private readonly bool _nips;

    /// <param name="numEnvs">Acrobots in the batch.</param>
    /// <param name="device">Where they live (null: the CPU).</param>
    /// <param name="stateType">float32 (fast) or float64 (follows <see cref="AcrobotEnv"/>).</param>
    /// <param name="maxEpisodeSteps">Truncation (500 as Acrobot-v1; null: none).</param>
    /// <param name="autoreset">When ended episodes restart (SameStep suits on-device learners: every step is a transition).</param>
    /// <param name="useNipsDynamics">The NeurIPS paper's equations instead of the book's (<see cref="AcrobotEnv.UseNipsDynamics"/>).</param>
    public TensorAcrobot(int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32, int? maxEpisodeSteps = 500,
        AutoresetMode autoreset = AutoresetMode.SameStep, bool useNipsDynamics = false)
        : base(numEnvs, new AcrobotEnv().ObservationSpace, AcrobotEnv.AvailableTorque.Length, device, stateType, maxEpisodeSteps, autoreset)
    {
        State = Keep(zeros([numEnvs, 4], dtype: stateType, device: Device));
        _theta1 = Keep(State.select(1, 0));
        _theta2 = Keep(State.select(1, 1));
        _dtheta1 = Keep(State.select(1, 2));
        _dtheta2 = Keep(State.select(1, 3));
        _torqueOfAction = Keep(tensor(AcrobotEnv.AvailableTorque.ToArray(), dtype: stateType, device: Device));
        _nips = useNipsDynamics;
    }

    /// <summary>The physical state, <c>[NumEnvs, 4]</c> in <see cref="ITensorVectorEnv.StateType"/>; <c>copy_</c> into it to start from chosen states.</summary>
    public Tensor State { get; }

    /// <summary>Whether the NeurIPS paper's equations are used instead of the book's.</summary>
    public bool UseNipsDynamics => _nips;

    protected override void ResetState(Tensor? rows)
    {
        const double bound = AcrobotEnv.ResetBound;
        var fresh = rand([NumEnvs, 4], dtype: ScalarType.Float64, device: Device, generator: ResetGenerator)
            .mul_(2 * bound).sub_(bound).to(ScalarType.Float32).to(StateType);
        State.copy_(rows is null ? fresh : where(rows.unsqueeze(1), fresh, State));
    }

    protected override Tensor Advance(Tensor actions, Tensor rewards)
    {
        // AcrobotEnv.Rk4Step: probes s + dt/2·k1, s + dt/2·k2, s + dt·k3, then s += dt/6·(k1 + 2·k2 + 2·k3 + k4).
        const double dt = AcrobotEnv.Dt, dt2 = dt / 2.0;
        var torque = _torqueOfAction.index_select(0, actions);
        var k1 = Derivatives(State, torque);
        var k2 = Derivatives(k1.mul(dt2).add_(State), torque);
        var k3 = Derivatives(k2.mul(dt2).add_(State), torque);
        var k4 = Derivatives(k3.mul(dt).add_(State), torque);
        State.add_(k2.mul_(2).add_(k1).add_(k3.mul_(2)).add_(k4).mul_(dt / 6.0));

        Wrap(_theta1);
        Wrap(_theta2);
        _dtheta1.clamp_(-AcrobotEnv.MaxVel1, AcrobotEnv.MaxVel1);
        _dtheta2.clamp_(-AcrobotEnv.MaxVel2, AcrobotEnv.MaxVel2);
        var terminated = _theta1.cos().neg_().sub_(_theta2.add(_theta1).cos_()).gt(1.0);
        rewards.copy_(terminated.to(StateType).sub_(1.0)); // 0 on termination, else -1
        return terminated;
    }

    /// <summary>AcrobotEnv.Derivatives (Gymnasium's <c>_dsdt</c>) for every row: <c>[θ1', θ2', θ1'', θ2'']</c>.</summary>
    private Tensor Derivatives(Tensor s, Tensor torque)
    {
        var (theta1, theta2, dtheta1, dtheta2) = (s.select(1, 0), s.select(1, 1), s.select(1, 2), s.select(1, 3));
        var cos2 = theta2.cos();
        var sin2 = theta2.sin();
        var d1 = cos2.mul(2 * L1 * Lc2).add_(L1SquaredPlusLc2Squared).mul_(M2).add_(M1Lc1Squared).add_(I1).add_(I2);
        var d2 = cos2.mul(L1 * Lc2).add_(Lc2Squared).mul_(M2).add_(I2);
        var phi2 = theta1.add(theta2).sub_(Pi / 2.0).cos_().mul_(M2 * Lc2 * G);
        var phi1 = dtheta2.mul(dtheta2).mul_(-M2 * L1 * Lc2).mul_(sin2)
            .sub_(dtheta2.mul(2 * M2 * L1 * Lc2).mul_(dtheta1).mul_(sin2))
            .add_(theta1.sub(Pi / 2).cos_().mul_((M1 * Lc1 + M2 * L1) * G))
            .add_(phi2);
        var numerator = d2.div(d1).mul_(phi1).add_(torque);
        if (!_nips) numerator.sub_(dtheta1.mul(dtheta1).mul_(M2 * L1 * Lc2).mul_(sin2));
        numerator.sub_(phi2);
        var ddtheta2 = numerator.div_(d2.mul(d2).div_(d1).neg_().add_(M2Lc2SquaredPlusI2));
        var ddtheta1 = d2.mul(ddtheta2).add_(phi1).neg_().div_(d1);
        return stack([dtheta1, dtheta2, ddtheta1, ddtheta2], 1);
    }

    /// <summary>
    /// AcrobotEnv's wrap to [-π, π] (subtract 2π while above π, add it while below −π): two exact passes each way, which
    /// cover every angle one bounded RK4 step reaches in practice, then the remaining whole turns at once (no host read).
    /// </summary>
    private static void Wrap(Tensor angle)
    {
        for (int pass = 0; pass < 2; pass++) angle.copy_(where(angle.gt(Pi), angle.sub(Diff), angle));
        angle.copy_(where(angle.gt(Pi), angle.sub(angle.sub(Pi).div_(Diff).ceil_().mul_(Diff)), angle));
        for (int pass = 0; pass < 2; pass++) angle.copy_(where(angle.lt(-Pi), angle.add(Diff), angle));
        angle.copy_(where(angle.lt(-Pi), angle.add(angle.neg().sub_(Pi).div_(Diff).ceil_().mul_(Diff)), angle));
    }

    protected override void Observe(Tensor into) =>
        into.copy_(stack([_theta1.cos(), _theta1.sin(), _theta2.cos(), _theta2.sin(), _dtheta1, _dtheta2], 1));

    protected override void Dispose(bool disposing)
    {
        foreach (var t in new[] { _theta1, _theta2, _dtheta1, _dtheta2, _torqueOfAction, State }) t.Dispose();
    }
}
