using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// MountainCar-v0 as a tensor env: the state is one <c>[NumEnvs, 2]</c> tensor (position, velocity) on the device,
/// stepped with <see cref="MountainCarEnv"/>'s constants in its operation order, one tensor op per arithmetic
/// operation, so in float64 it differs from the scalar env only where LibTorch's cosine differs from the C library's
/// (measured in tests/DotGym.Agents.Tests/Tensors/TensorClassicControlParityTests.cs). Reward −1 per step; the episode
/// terminates at the flag (position ≥ 0.5 with velocity ≥ the goal velocity). Reset positions are uniform in
/// [-0.6, -0.4) from the env's device generator, velocity 0.
/// </summary>
public sealed class TensorMountainCar : TensorVectorEnv<float[]>
{
    private readonly Tensor _position, _velocity;

    /// <param name="numEnvs">Cars in the batch.</param>
    /// <param name="device">Where they live (null: the CPU).</param>
    /// <param name="stateType">float32 (fast) or float64 (follows <see cref="MountainCarEnv"/>).</param>
    /// <param name="maxEpisodeSteps">Truncation (200 as MountainCar-v0; null: none).</param>
    /// <param name="autoreset">When ended episodes restart (SameStep suits on-device learners: every step is a transition).</param>
    /// <param name="goalVelocity">The minimum velocity at the flag for the episode to terminate (MountainCarEnv's <c>goal_velocity</c>).</param>
    public TensorMountainCar(int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32, int? maxEpisodeSteps = 200,
        AutoresetMode autoreset = AutoresetMode.SameStep, double goalVelocity = 0)
        : base(numEnvs, new MountainCarEnv().ObservationSpace, 3, device, stateType, maxEpisodeSteps, autoreset)
    {
        GoalVelocity = goalVelocity;
        State = Keep(zeros([numEnvs, 2], dtype: stateType, device: Device));
        _position = Keep(State.select(1, 0));
        _velocity = Keep(State.select(1, 1));
    }

    /// <summary>The physical state, <c>[NumEnvs, 2]</c> in <see cref="ITensorVectorEnv.StateType"/>; <c>copy_</c> into it to start from chosen states.</summary>
    public Tensor State { get; }

    /// <summary>The minimum velocity at the flag for the episode to terminate.</summary>
    public double GoalVelocity { get; }

    protected override void ResetState(Tensor? rows)
    {
        const double low = MountainCarEnvBase<int>.ResetLow, high = MountainCarEnvBase<int>.ResetHigh;
        var position = rand(NumEnvs, dtype: StateType, device: Device, generator: ResetGenerator).mul_(high - low).add_(low);
        if (rows is null)
        {
            _position.copy_(position);
            _velocity.zero_();
            return;
        }
        _position.copy_(where(rows, position, _position));
        _velocity.masked_fill_(rows, 0);
    }

    protected override Tensor Advance(Tensor actions, Tensor rewards)
    {
        // MountainCarEnv.Step: velocity += (action - 1) * Force + cos(3 * position) * -Gravity, then the clips.
        const double minPosition = MountainCarEnvBase<int>.MinPosition, maxSpeed = MountainCarEnvBase<int>.MaxSpeed;
        var push = actions.to(StateType).sub_(1).mul_(MountainCarEnv.Force);
        var pull = _position.mul(3).cos_().mul_(-MountainCarEnv.Gravity);
        _velocity.add_(push.add_(pull)).clamp_(-maxSpeed, maxSpeed);
        _position.add_(_velocity).clamp_(minPosition, MountainCarEnvBase<int>.MaxPosition);
        _velocity.masked_fill_(_position.eq(minPosition).logical_and_(_velocity.lt(0)), 0); // the car stops at the left wall
        rewards.fill_(-1.0);
        return _position.ge(MountainCarEnv.GoalPosition).logical_and_(_velocity.ge(GoalVelocity));
    }

    protected override void Observe(Tensor into) => into.copy_(State);

    protected override void Dispose(bool disposing)
    {
        foreach (var t in new[] { _position, _velocity, State }) t.Dispose();
    }
}
