using DotGym.Spaces;

namespace DotGym.Vector;

/// <summary>
/// The untyped face of a vector env: what <see cref="DotGym.Registration.Gym.MakeVec"/> returns without knowing the
/// observation and action types. Cast to <see cref="VectorEnv{TObs,TAct}"/> (or use <see cref="Accept{TResult}"/>) to step it.
/// </summary>
public interface IVectorEnv : IDisposable
{
    /// <summary>Number of sub-envs.</summary>
    int NumEnvs { get; }
    /// <summary>The observation space of one sub-env.</summary>
    Space SingleObservationSpace { get; }
    /// <summary>The action space of one sub-env.</summary>
    Space SingleActionSpace { get; }
    /// <summary>The space of a batch of observations (<see cref="BatchedSpace{T}"/>).</summary>
    Space ObservationSpace { get; }
    /// <summary>The space of a batch of actions (<see cref="BatchedSpace{T}"/>).</summary>
    Space ActionSpace { get; }
    AutoresetMode AutoresetMode { get; }
    /// <summary>The first sub-env's metadata.</summary>
    EnvMetadata Metadata { get; }
    /// <summary>The first sub-env's render mode.</summary>
    string? RenderMode { get; }
    /// <summary>The spec the sub-envs were made from, when made by id.</summary>
    EnvSpec? Spec { get; }
    /// <summary>The sub-envs, in batch order.</summary>
    IReadOnlyList<IEnv> SubEnvs { get; }
    /// <summary>Calls <c>visitor.Visit(this)</c> with the real observation and action types.</summary>
    TResult Accept<TResult>(IVectorEnvVisitor<TResult> visitor);
}

/// <summary>Recovers a vector env's observation and action types from an <see cref="IVectorEnv"/>.</summary>
public interface IVectorEnvVisitor<out TResult>
{
    TResult Visit<TObs, TAct>(VectorEnv<TObs, TAct> env);
}
