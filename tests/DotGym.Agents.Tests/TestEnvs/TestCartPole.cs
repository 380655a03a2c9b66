using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym.Agents.Tests.TestEnvs;

/// <summary>
/// A private, faithful copy of Gymnasium's CartPole-v1 dynamics (Euler integration, float64 state, float32
/// observations, reset uniform(-0.05, 0.05) from the env's generator), used until the ClassicControl envs land on main.
/// </summary>
public sealed class TestCartPole : Env<float[], int>
{
    private const double Gravity = 9.8, MassCart = 1.0, MassPole = 0.1, TotalMass = MassCart + MassPole, Length = 0.5;
    private const double PoleMassLength = MassPole * Length, ForceMag = 10.0, Tau = 0.02, XThreshold = 2.4;
    private static readonly double ThetaThreshold = 12 * 2 * Math.PI / 360;
    private readonly double[] _state = new double[4];
    private readonly float[] _obs = new float[4];
    private bool _terminatedBefore;

    public override Space<float[]> ObservationSpace { get; } = new Box<float>(
        [(float)(-XThreshold * 2), float.NegativeInfinity, (float)(-ThetaThreshold * 2), float.NegativeInfinity],
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThreshold * 2), float.PositiveInfinity]);

    public override Space<int> ActionSpace { get; } = new Discrete(2);

    /// <summary>CartPole-v1 with its 500-step time limit.</summary>
    public static Env<float[], int> Make() => new TimeLimit<float[], int>(new TestCartPole(), 500);

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        NpRandom.Uniform(-0.05, 0.05, _state);
        _terminatedBefore = false;
        return new ResetResult<float[]>(Observation(), Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        double x = _state[0], xDot = _state[1], theta = _state[2], thetaDot = _state[3];
        double force = action == 1 ? ForceMag : -ForceMag;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        double temp = (force + PoleMassLength * thetaDot * thetaDot * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (Length * (4.0 / 3.0 - MassPole * cos * cos / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        _state[0] = x; _state[1] = xDot; _state[2] = theta; _state[3] = thetaDot;
        bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        double reward = terminated && _terminatedBefore ? 0.0 : 1.0;
        _terminatedBefore |= terminated;
        return new StepResult<float[]>(Observation(), reward, terminated, false, Infos.Empty);
    }

    private float[] Observation()
    {
        for (int i = 0; i < 4; i++) _obs[i] = (float)_state[i];
        return _obs;
    }
}
