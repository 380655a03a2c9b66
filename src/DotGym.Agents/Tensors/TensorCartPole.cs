using DotGym.Envs.ClassicControl;
using DotGym.Spaces;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// CartPole-v1 as a tensor env: the state is one <c>[NumEnvs, 4]</c> tensor (x, x_dot, theta, theta_dot) on the
/// device, stepped with <see cref="CartPoleEnv"/>'s constants in its operation order, one tensor op per arithmetic
/// operation (no fused multiply-add), so in float64 it differs from the scalar env only where LibTorch's sine and
/// cosine differ from the C library's (measured in tests/DotGym.Agents.Tests/Tensors/TensorCartPoleParityTests.cs).
/// Reset draws are uniform in [-0.05, 0.05) from the env's device generator.
/// </summary>
public sealed class TensorCartPole : TensorVectorEnv<float[]>
{
    private readonly Tensor _x, _xDot, _theta, _thetaDot;
    private readonly Tensor? _fallen; // Disabled only: the pole fell earlier in this episode (CartPoleEnv.StepsBeyondTerminated != null)
    private readonly double _stepReward, _terminalReward, _beyondReward;

    /// <param name="numEnvs">CartPoles in the batch.</param>
    /// <param name="device">Where they live (null: the CPU).</param>
    /// <param name="stateType">float32 (fast) or float64 (follows <see cref="CartPoleEnv"/>).</param>
    /// <param name="maxEpisodeSteps">Truncation (500 as CartPole-v1; null: none).</param>
    /// <param name="autoreset">When ended episodes restart (SameStep suits on-device learners: every step is a transition).</param>
    /// <param name="suttonBartoReward">Reward 0 per step and -1 on termination.</param>
    public TensorCartPole(int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32, int? maxEpisodeSteps = 500,
        AutoresetMode autoreset = AutoresetMode.SameStep, bool suttonBartoReward = false)
        : base(numEnvs, CartPoleEnv.CreateObservationSpace(), 2, device, stateType, maxEpisodeSteps, autoreset)
    {
        State = Keep(zeros([numEnvs, 4], dtype: stateType, device: Device));
        _x = Keep(State.select(1, 0));
        _xDot = Keep(State.select(1, 1));
        _theta = Keep(State.select(1, 2));
        _thetaDot = Keep(State.select(1, 3));
        if (autoreset == AutoresetMode.Disabled) _fallen = Keep(zeros(numEnvs, dtype: ScalarType.Bool, device: Device));
        SuttonBartoReward = suttonBartoReward;
        _stepReward = suttonBartoReward ? 0.0 : 1.0;
        _terminalReward = suttonBartoReward ? -1.0 : 1.0;
        _beyondReward = suttonBartoReward ? -1.0 : 0.0;
    }

    /// <summary>The physical state, <c>[NumEnvs, 4]</c> in <see cref="ITensorVectorEnv.StateType"/>; <c>copy_</c> into it to start from chosen states.</summary>
    public Tensor State { get; }

    /// <summary>Reward 0 per step and -1 on termination (CartPoleEnv's <c>sutton_barto_reward</c>).</summary>
    public bool SuttonBartoReward { get; }

    protected override void ResetState(Tensor? rows)
    {
        const double bound = CartPoleEnv.ResetBound;
        var fresh = rand([NumEnvs, 4], dtype: StateType, device: Device, generator: ResetGenerator).mul_(2 * bound).sub_(bound);
        if (rows is null)
        {
            State.copy_(fresh);
            _fallen?.zero_();
            return;
        }
        State.copy_(where(rows.unsqueeze(1), fresh, State));
        _fallen?.masked_fill_(rows, false);
    }

    protected override Tensor Advance(Tensor actions, Tensor rewards)
    {
        // CartPoleEnv.Step's expressions, one op per operation in its order (a * b == b * a and c - y == -y + c exactly).
        const double poleMassLength = CartPoleEnv.PoleMassLength, totalMass = CartPoleEnv.TotalMass, tau = CartPoleEnv.Tau;
        var force = actions.to(StateType).mul_(2 * CartPoleEnv.ForceMag).sub_(CartPoleEnv.ForceMag); // 0 -> -10, 1 -> +10
        var cos = _theta.cos();
        var sin = _theta.sin();
        var temp = _thetaDot.mul(_thetaDot).mul_(poleMassLength).mul_(sin).add_(force).div_(totalMass);
        var thetaAcc = sin.mul(CartPoleEnv.Gravity).sub_(cos.mul(temp))
            .div_(cos.mul(cos).mul_(CartPoleEnv.MassPole).div_(totalMass).neg_().add_(4.0 / 3.0).mul_(CartPoleEnv.Length));
        var xAcc = thetaAcc.mul(poleMassLength).mul_(cos).div_(totalMass).neg_().add_(temp);
        _x.add_(_xDot.mul(tau));
        _xDot.add_(xAcc.mul_(tau));
        _theta.add_(_thetaDot.mul(tau));
        _thetaDot.add_(thetaAcc.mul_(tau));

        // |v| > t is exactly v < -t || v > t.
        var terminated = _x.abs().gt(CartPoleEnv.XThreshold).logical_or_(_theta.abs().gt(CartPoleEnv.ThetaThresholdRadians));
        if (_stepReward == _terminalReward) rewards.fill_(_stepReward);
        else rewards.copy_(terminated.to(StateType).mul_(_terminalReward - _stepReward).add_(_stepReward));
        if (_fallen is not null)
        {
            rewards.masked_fill_(terminated.logical_and(_fallen), _beyondReward);
            _fallen.logical_or_(terminated);
        }
        return terminated;
    }

    protected override void Observe(Tensor into) => into.copy_(State);

    protected override void Dispose(bool disposing)
    {
        foreach (var t in new[] { _x, _xDot, _theta, _thetaDot, _fallen, State }) t?.Dispose();
    }
}
