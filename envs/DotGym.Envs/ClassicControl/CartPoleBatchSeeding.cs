namespace DotGym.Envs.ClassicControl;

/// <summary>Where <see cref="CartPoleBatch"/> draws its reset states from, and in which order.</summary>
public enum CartPoleBatchSeeding
{
    /// <summary>
    /// Gymnasium's native <c>CartPoleVectorEnv</c> (what <c>gym.make_vec("CartPole-v1", n)</c> returns): one generator
    /// for the whole batch, seeded with <c>seed</c>; a reset draws <c>uniform(-0.05, 0.05, size=(4, k))</c> for the
    /// <c>k</c> envs it restarts, in env order, all x first, then all x_dot, theta and theta_dot.
    /// </summary>
    OneGenerator,

    /// <summary>
    /// Gymnasium's <c>SyncVectorEnv</c> of <c>CartPole-v1</c> envs: env <c>i</c> owns a generator seeded with
    /// <c>seed + i</c> and draws its four reset values from it, exactly as <see cref="CartPoleEnv.Reset"/> does.
    /// </summary>
    GeneratorPerEnv,
}
