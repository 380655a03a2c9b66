namespace DotGym.Vector;

/// <summary>How <c>DotGym.Registration.Gym.MakeVec</c> runs the sub-envs.</summary>
public enum VectorizationMode
{
    /// <summary>One after another on the calling thread (<see cref="SyncVectorEnv{TObs,TAct}"/>).</summary>
    Sync,

    /// <summary>Partitioned across worker threads (<see cref="ThreadedVectorEnv{TObs,TAct}"/>); same results as sync.</summary>
    Threaded,

    /// <summary>
    /// The env's own batched implementation, registered as its <see cref="EnvSpec.VectorEntryPoint"/> (Gymnasium's
    /// <c>vector_entry_point</c>), e.g. the SIMD <c>CartPoleBatch</c> for <c>CartPole-v1</c>.
    /// </summary>
    Native,
}
