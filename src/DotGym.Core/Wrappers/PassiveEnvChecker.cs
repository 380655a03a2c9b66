using DotGym.Checking;
using DotGym.Rendering;

namespace DotGym.Wrappers;

/// <summary>
/// Checks the env's spaces on construction and its first <c>Reset</c>, first <c>Step</c> and first <c>Render</c>
/// output against them (Gymnasium's <c>PassiveEnvChecker</c>, applied by <c>Gym.Make</c>). It never changes data.
/// <para>
/// Questionable behaviour (observation outside the space, NaN/infinite values, non-finite reward, undeclared render
/// modes) is reported once through <see cref="DotGymWarnings"/>; only hard contract violations throw (null spaces,
/// a null observation or info, a render fps that is not positive).
/// </para>
/// <para>
/// Stepping after <c>terminated</c>/<c>truncated</c> without a reset is not an error in Gymnasium either (the env's
/// behaviour is then undefined); this checker warns about it once per env instead of throwing.
/// </para>
/// </summary>
public sealed class PassiveEnvChecker<TObs, TAct> : Wrapper<TObs, TAct>
{
    private const string Source = "PassiveEnvChecker";
    private bool _checkedReset, _checkedStep, _checkedRender, _warnedStepAfterDone, _episodeOver;

    public PassiveEnvChecker(Env<TObs, TAct> env) : base(env)
    {
        if (env.ActionSpace is null)
            throw new ArgumentException($"{env} has a null ActionSpace; every env must define its action space in the constructor.", nameof(env));
        if (env.ObservationSpace is null)
            throw new ArgumentException($"{env} has a null ObservationSpace; every env must define its observation space in the constructor.", nameof(env));
        foreach (var problem in ContractChecks.Space(env.ActionSpace, "action")) DotGymWarnings.Warn(Source, problem);
        foreach (var problem in ContractChecks.Space(env.ObservationSpace, "observation")) DotGymWarnings.Warn(Source, problem);
    }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        _episodeOver = false;
        if (_checkedReset) return result;
        _checkedReset = true;
        if (result.Info is null) throw new InvalidOperationException($"{Env}.Reset() returned a null info; return Infos.Empty when there is nothing to report.");
        CheckObservation(result.Observation, "Reset()");
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        if (_episodeOver && !_warnedStepAfterDone)
        {
            _warnedStepAfterDone = true;
            DotGymWarnings.Warn(Source, $"Step() was called on {Env} after the episode ended (terminated or truncated) without a Reset(); the env's behaviour is undefined. Call Reset() first.");
        }
        var result = Env.Step(action);
        _episodeOver = result.Terminated || result.Truncated;
        if (_checkedStep) return result;
        _checkedStep = true;
        if (result.Info is null) throw new InvalidOperationException($"{Env}.Step() returned a null info; return Infos.Empty when there is nothing to report.");
        CheckObservation(result.Observation, "Step()");
        if (ContractChecks.Reward(result.Reward, "Step()") is { } problem) DotGymWarnings.Warn(Source, problem, Kind(problem));
        return result;
    }

    public override RenderFrame? Render()
    {
        if (_checkedRender) return Env.Render();
        _checkedRender = true;
        if (Env.Metadata.RenderModes.Count > 0 && Env.Metadata.RenderFps <= 0)
            throw new InvalidOperationException($"{Env} declares render modes but Metadata.RenderFps is {Env.Metadata.RenderFps}; set a positive fps.");
        foreach (var problem in ContractChecks.RenderMetadata(Env)) DotGymWarnings.Warn(Source, problem);
        var frame = Env.Render();
        if (ContractChecks.RenderResult(Env.RenderMode, frame) is { } renderProblem) DotGymWarnings.Warn(Source, renderProblem);
        return frame;
    }

    /// <summary>Which first calls were checked and whether the episode is over (for the step-after-done warning).</summary>
    protected override void SaveOwnState(BinaryWriter writer)
    {
        writer.Write(_checkedReset);
        writer.Write(_checkedStep);
        writer.Write(_checkedRender);
        writer.Write(_warnedStepAfterDone);
        writer.Write(_episodeOver);
    }

    protected override void LoadOwnState(BinaryReader reader)
    {
        _checkedReset = reader.ReadBoolean();
        _checkedStep = reader.ReadBoolean();
        _checkedRender = reader.ReadBoolean();
        _warnedStepAfterDone = reader.ReadBoolean();
        _episodeOver = reader.ReadBoolean();
    }

    private void CheckObservation(TObs observation, string method)
    {
        if (observation is null) throw new InvalidOperationException($"{Env}.{method} returned a null observation; return an element of {Env.ObservationSpace}.");
        foreach (var problem in ContractChecks.Observation(Env.ObservationSpace, observation, method)) DotGymWarnings.Warn(Source, problem, Kind(problem));
        int inf = ContractChecks.FirstInfinity(observation);
        if (inf >= 0)
        {
            string problem = $"The observation returned by {method} is infinite at index {inf}; learning code usually cannot use infinite inputs.";
            DotGymWarnings.Warn(Source, problem, Kind(problem));
        }
    }

    /// <summary>
    /// One kind per env type and problem, without the values (the observation's numbers, an index), so that every
    /// sub-env of a vector env breaking its space the same way is reported once, as Gymnasium's value-free messages are.
    /// </summary>
    private string Kind(string problem)
    {
        int cut = problem.IndexOfAny([':', ';']);
        string what = cut < 0 ? problem : problem[..cut];
        int at = what.IndexOf(" at index ", StringComparison.Ordinal);
        if (at >= 0) what = what[..at];
        return $"{TypeNames.Of(Env.Unwrapped.GetType())}: {what}";
    }
}
