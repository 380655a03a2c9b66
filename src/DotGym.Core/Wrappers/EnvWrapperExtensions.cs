using System.Numerics;
using DotGym.Spaces;
using DotGym.Wrappers;

namespace DotGym;

/// <summary>
/// Fluent forms of the standard wrappers, so a wrapped env reads in one line, innermost first:
/// <c>env.WithTimeLimit(30).NormalizeObservation().RecordEpisodeStatistics()</c> is
/// <c>new RecordEpisodeStatistics&lt;float[], float[]&gt;(NormalizeObservation.Create(new TimeLimit&lt;float[], float[]&gt;(env, 30)))</c>.
/// Each returns the wrapper (typed, so its statistics stay reachable) and takes ownership of the env it wraps.
/// </summary>
public static class EnvWrapperExtensions
{
    /// <summary>Truncates episodes after <paramref name="maxEpisodeSteps"/> steps (<see cref="TimeLimit{TObs,TAct}"/>).</summary>
    public static TimeLimit<TObs, TAct> WithTimeLimit<TObs, TAct>(this Env<TObs, TAct> env, int maxEpisodeSteps) => new(env, maxEpisodeSteps);

    /// <summary>Resets the env automatically on the step after an episode ends (<see cref="Autoreset{TObs,TAct}"/>).</summary>
    public static Autoreset<TObs, TAct> WithAutoreset<TObs, TAct>(this Env<TObs, TAct> env) => new(env);

    /// <summary>Refuses Step before Reset (<see cref="OrderEnforcing{TObs,TAct}"/>).</summary>
    public static OrderEnforcing<TObs, TAct> WithOrderEnforcing<TObs, TAct>(this Env<TObs, TAct> env) => new(env);

    /// <summary>Warns about outputs outside the spaces (<see cref="PassiveEnvChecker{TObs,TAct}"/>).</summary>
    public static PassiveEnvChecker<TObs, TAct> WithPassiveChecker<TObs, TAct>(this Env<TObs, TAct> env) => new(env);

    /// <summary>Records each episode's return and length (<see cref="RecordEpisodeStatistics{TObs,TAct}"/>).</summary>
    public static RecordEpisodeStatistics<TObs, TAct> RecordEpisodeStatistics<TObs, TAct>(this Env<TObs, TAct> env, int bufferLength = 100, string statsKey = "episode") =>
        new(env, bufferLength, statsKey);

    /// <summary>Normalises float32 observations with a running estimate (<see cref="NormalizeObservation{T,TAct}"/>).</summary>
    public static NormalizeObservation<float, TAct> NormalizeObservation<TAct>(this Env<float[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);

    /// <summary>Normalises float64 observations (in float64) into float32 outputs (<see cref="NormalizeObservation{T,TAct}"/>).</summary>
    public static NormalizeObservation<double, TAct> NormalizeObservation<TAct>(this Env<double[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);

    /// <summary>Scales rewards by the running std of the discounted return (<see cref="NormalizeReward{TObs,TAct}"/>).</summary>
    public static NormalizeReward<TObs, TAct> NormalizeReward<TObs, TAct>(this Env<TObs, TAct> env, double gamma = 0.99, double epsilon = 1e-8) =>
        new(env, gamma, epsilon);

    /// <summary>Clips Box actions to the action space's bounds (<see cref="ClipAction{TObs,T}"/>).</summary>
    public static ClipAction<TObs, T> ClipAction<TObs, T>(this Env<TObs, T[]> env) where T : unmanaged, IFloatingPointIeee754<T> => new(env);

    /// <summary>Accepts Box actions in [<paramref name="minAction"/>, <paramref name="maxAction"/>] (<see cref="RescaleAction{TObs,T}"/>).</summary>
    public static RescaleAction<TObs, T> RescaleAction<TObs, T>(this Env<TObs, T[]> env, double minAction, double maxAction)
        where T : unmanaged, IFloatingPointIeee754<T> => new(env, minAction, maxAction);

    /// <summary>Flattens observations to float32 vectors (<see cref="FlattenObservation{TObs,TAct,TFlat}"/>).</summary>
    public static FlattenObservation<TObs, TAct, float> FlattenObservation<TObs, TAct>(this Env<TObs, TAct> env) => new(env);

    /// <summary>Stacks the last <paramref name="stackSize"/> observations (<see cref="FrameStackObservation{T,TAct}"/>).</summary>
    public static FrameStackObservation<T, TAct> FrameStack<T, TAct>(this Env<T[], TAct> env, int stackSize, FramePadding padding = FramePadding.Reset)
        where T : unmanaged, INumber<T> => new(env, stackSize, padding);

    /// <summary>Maps observations (<see cref="TransformObservation{TObs,TAct,TNewObs}"/>).</summary>
    public static TransformObservation<TObs, TAct, TNewObs> TransformObservation<TObs, TAct, TNewObs>(this Env<TObs, TAct> env,
        Func<TObs, TNewObs> transform, Space<TNewObs>? observationSpace = null) => new(env, transform, observationSpace);

    /// <summary>Maps rewards (<see cref="TransformReward{TObs,TAct}"/>).</summary>
    public static TransformReward<TObs, TAct> TransformReward<TObs, TAct>(this Env<TObs, TAct> env, Func<double, double> transform) => new(env, transform);
}
