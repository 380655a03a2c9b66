using DotGym.Vector;

namespace DotGym;

/// <summary>
/// Fluent forms of the vector wrappers (<c>gymnasium.wrappers.vector</c>):
/// <c>Gym.MakeVec&lt;float[], int&gt;("CartPole-v1", 8).NormalizeObservation().NormalizeReward().RecordEpisodeStatistics()</c>.
/// Each returns the typed wrapper and takes ownership of the vector env it wraps.
/// </summary>
public static class VectorWrapperExtensions
{
    /// <summary>Episode returns and lengths of every sub-env (<see cref="RecordVectorEpisodeStatistics{TObs,TAct}"/>).</summary>
    public static RecordVectorEpisodeStatistics<TObs, TAct> RecordEpisodeStatistics<TObs, TAct>(this IVectorEnv<TObs, TAct> env, int bufferLength = 100) =>
        new(env, bufferLength);

    /// <summary>Normalises float32 observations with one running estimate (<see cref="NormalizeVectorObservation{TAct}"/>).</summary>
    public static NormalizeVectorObservation<TAct> NormalizeObservation<TAct>(this IVectorEnv<float[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);

    /// <summary>Scales rewards by the running std of the accumulated returns (<see cref="NormalizeVectorReward{TObs,TAct}"/>).</summary>
    public static NormalizeVectorReward<TObs, TAct> NormalizeReward<TObs, TAct>(this IVectorEnv<TObs, TAct> env, double gamma = 0.99, double epsilon = 1e-8) =>
        new(env, gamma, epsilon);
}
