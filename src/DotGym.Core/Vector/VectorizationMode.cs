namespace DotGym.Vector;

/// <summary>How <see cref="DotGym.Registration.Gym.MakeVec"/> runs the sub-envs.</summary>
public enum VectorizationMode
{
    /// <summary>One after another on the calling thread (<see cref="SyncVectorEnv{TObs,TAct}"/>).</summary>
    Sync,

    /// <summary>Partitioned across worker threads (<see cref="ThreadedVectorEnv{TObs,TAct}"/>); same results as sync.</summary>
    Threaded,
}
