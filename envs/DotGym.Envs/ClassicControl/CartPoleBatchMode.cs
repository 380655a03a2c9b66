namespace DotGym.Envs.ClassicControl;

/// <summary>How <see cref="CartPoleBatch"/> computes the pole angle's sine and cosine.</summary>
public enum CartPoleBatchMode
{
    /// <summary>
    /// libm's sine and cosine per env (one <c>sincos</c> call, bit-identical to <c>Math.Sin</c>/<c>Math.Cos</c>),
    /// everything else vectorised in the scalar env's operation order: every
    /// observation, reward and flag is bit-identical to <see cref="CartPoleEnv"/> instances stepped one by one.
    /// </summary>
    Exact,

    /// <summary>
    /// Vectorised polynomial sine and cosine (<see cref="CartPoleTrig"/>), within
    /// <see cref="CartPoleTrig.MaxAbsError"/> of <c>Math.Sin</c>/<c>Math.Cos</c> on the angles CartPole reaches, and
    /// multiplications by the reciprocal of the constant total mass; eight envs per instruction with AVX-512.
    /// Faster; observations drift from <see cref="Exact"/> by rounding-level amounts (see <see cref="CartPoleBatch"/>).
    /// </summary>
    Fast,
}
