using System.Globalization;
using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Checking;

/// <summary>
/// Checks that an env follows the DotGym (Gymnasium 1.x) env contract, in the spirit of Gymnasium's
/// <c>check_env</c>: spaces are seedable and sample inside themselves; <c>Reset</c> and <c>Step</c> return
/// observations inside the observation space (right shape, no NaN), finite rewards and non-null infos; seeding is
/// deterministic (same seed → same observation and generator state, different seed → different state, no seed →
/// the generator continues); seeded steps are repeatable; every declared render mode renders.
/// Run it on the raw env (<c>env.Unwrapped</c>) in your tests.
/// </summary>
public static class EnvChecker
{
    /// <summary>
    /// Runs every check. Throws <see cref="EnvCheckException"/> listing every failure (with what to fix) when the env
    /// breaks the contract; otherwise returns the warnings (questionable but legal behaviour).
    /// </summary>
    /// <param name="env">The env to check; it is reset and stepped (not disposed).</param>
    /// <param name="skipRenderCheck">Skip the render checks (e.g. for envs whose rendering needs a display).</param>
    public static IReadOnlyList<string> Check(IEnv env, bool skipRenderCheck = false)
    {
        ArgumentNullException.ThrowIfNull(env);
        var run = new CheckRun(skipRenderCheck);
        using (var captured = DotGymWarnings.Capture())
        {
            env.Accept(run);
            run.Warnings.AddRange(captured.Warnings.Select(w => w.ToString()));
        }
        if (run.Failures.Count > 0) throw new EnvCheckException(env.ToString() ?? env.GetType().Name, run.Failures, run.Warnings);
        return run.Warnings;
    }

    private readonly record struct RngState(UInt128 State, UInt128 Increment, bool HasUInt32, uint Buffered)
    {
        public static RngState Of(IEnv env)
        {
            var bits = env.Unwrapped.NpRandom.BitGenerator;
            return new RngState(bits.State, bits.Increment, bits.HasUInt32, bits.BufferedUInt32);
        }
    }

    private sealed class CheckRun(bool skipRenderCheck) : IEnvVisitor<bool>
    {
        private bool _resetObservationFailed;

        public List<string> Failures { get; } = [];
        public List<string> Warnings { get; } = [];

        public bool Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            if (!ReferenceEquals(env.Unwrapped, env))
                Warnings.Add($"{env} is wrapped; wrappers can hide problems of the raw env. Check env.Unwrapped as well.");
            if (env.ObservationSpace is null) Failures.Add($"{env}.ObservationSpace is null; define the observation space in the constructor.");
            if (env.ActionSpace is null) Failures.Add($"{env}.ActionSpace is null; define the action space in the constructor.");
            if (Failures.Count > 0) return false;

            CheckSpace(env.ObservationSpace!, "observation");
            CheckSpace(env.ActionSpace!, "action");
            Guard("Reset()", () => CheckReset(env));
            Guard("seeded Reset", () => CheckSeededReset(env));
            Guard("unseeded Reset", () => CheckUnseededReset(env));
            Guard("Reset(options: {})", () => env.Reset(options: new Dictionary<string, object>()));
            Guard("Step(ActionSpace.Sample())", () => CheckStep(env));
            Guard("seeded Step", () => CheckStepDeterminism(env));
            if (!skipRenderCheck) Guard("Render()", () => CheckRender(env));
            Guard("Dispose()", () => CheckDisposeTwice(env));
            return true;
        }

        private void Guard(string what, Action check)
        {
            try { check(); }
            catch (Exception e)
            {
                Failures.Add($"{what} threw {TypeNames.Of(e.GetType())}: {e.Message}");
            }
        }

        private static bool IsNondeterministic(IEnv env) => env.Spec?.Nondeterministic == true;

        private void CheckSpace<T>(Space<T> space, string kind)
        {
            Warnings.AddRange(ContractChecks.Space(space, kind));
            BoxLimitWarnings(space, kind);
            try
            {
                space.Seed(42);
                var first = Enumerable.Range(0, 3).Select(_ => DataEquivalence.Snapshot(space.Sample())).ToList();
                space.Seed(42);
                var second = Enumerable.Range(0, 3).Select(_ => DataEquivalence.Snapshot(space.Sample())).ToList();
                for (int i = 0; i < first.Count; i++)
                {
                    if (!space.Contains(first[i]))
                        Failures.Add($"The {kind} space {space} sampled {space.Describe(first[i])}, which it does not contain; its Sample() and Contains() disagree.");
                    if (!DataEquivalence.Equivalent(first[i], second[i]))
                        Failures.Add($"The {kind} space {space} is not seedable: after Seed(42) sample {i} was {space.Describe(first[i])} and then {space.Describe(second[i])}. Draw samples from the space's NpRandom only.");
                }
            }
            catch (Exception e)
            {
                Failures.Add($"Seeding and sampling the {kind} space {space} threw {TypeNames.Of(e.GetType())}: {e.Message}");
            }
        }

        private void BoxLimitWarnings(Space space, string kind)
        {
            (double Low, double High)[]? bounds = space switch
            {
                Box<float> b => b.Low.Zip(b.High, (l, h) => ((double)l, (double)h)).ToArray(),
                Box<double> b => b.Low.Zip(b.High).ToArray(),
                _ => null,
            };
            if (bounds is null) return;
            if (bounds.Any(x => double.IsNegativeInfinity(x.Low))) Warnings.Add($"The Box {kind} space {space} has a -infinity minimum; finite bounds help learning code normalise.");
            if (bounds.Any(x => double.IsPositiveInfinity(x.High))) Warnings.Add($"The Box {kind} space {space} has a +infinity maximum; finite bounds help learning code normalise.");
            if (kind == "action" && space.Shape.Length == 1 &&
                bounds.Any(x => (x.Low != 0 && Math.Abs(x.Low) != Math.Abs(x.High)) || x.Low < -1 || x.High > 1))
                Warnings.Add($"The Box action space {space} is not symmetric and normalised; [-1, 1] (or [0, 1]) ranges usually train better (see RescaleAction).");
        }

        private void CheckObservation<TObs, TAct>(Env<TObs, TAct> env, TObs observation, string method)
        {
            Failures.AddRange(ContractChecks.Observation(env.ObservationSpace, observation, method));
            int inf = ContractChecks.FirstInfinity(observation);
            if (inf >= 0) Warnings.Add($"The observation returned by {method} is infinite at index {inf}; learning code usually cannot use infinite inputs.");
        }

        private void CheckReset<TObs, TAct>(Env<TObs, TAct> env)
        {
            var (observation, info) = env.Reset();
            int failuresBefore = Failures.Count;
            CheckObservation(env, observation, "Reset()");
            _resetObservationFailed = Failures.Count > failuresBefore; // report a bad reset observation once
            if (info is null) Failures.Add("Reset() returned a null info; return Infos.Empty when there is nothing to report.");
        }

        private void CheckSeededReset<TObs, TAct>(Env<TObs, TAct> env)
        {
            var first = DataEquivalence.Snapshot(env.Reset(seed: 123).Observation);
            if (!_resetObservationFailed) CheckObservation(env, first, "Reset(seed: 123)");
            var stateAfterFirst = RngState.Of(env);
            var second = DataEquivalence.Snapshot(env.Reset(seed: 123).Observation);
            var stateAfterSecond = RngState.Of(env);
            if (!IsNondeterministic(env) && !DataEquivalence.Equivalent(first, second))
                Failures.Add($"Reset(seed: 123) is not deterministic: it returned {env.ObservationSpace.Describe(first)} and then {env.ObservationSpace.Describe(second)}. " +
                             "Draw every random number from NpRandom (not System.Random or a static generator), after calling SeedRandom(seed) first in Reset.");
            if (stateAfterFirst != stateAfterSecond)
                Failures.Add("Reset(seed: 123) twice left NpRandom in different states: Reset must call SeedRandom(seed) before drawing any random numbers, like Gymnasium's super().reset(seed=seed).");
            env.Reset(seed: 456);
            if (RngState.Of(env) == stateAfterFirst)
                Failures.Add("Reset(seed: 456) left NpRandom in the same state as Reset(seed: 123): the seed is ignored. Call SeedRandom(seed) at the start of Reset.");
        }

        private void CheckUnseededReset<TObs, TAct>(Env<TObs, TAct> env)
        {
            if (IsNondeterministic(env)) return;
            env.Reset(seed: 1);
            var seededState1 = RngState.Of(env);
            var observationA = DataEquivalence.Snapshot(env.Reset().Observation);
            var continuedA = RngState.Of(env);
            env.Reset(seed: 1);
            var observationB = DataEquivalence.Snapshot(env.Reset().Observation);
            var continuedB = RngState.Of(env);
            if (continuedA != continuedB || !DataEquivalence.Equivalent(observationA, observationB))
                Failures.Add("Reset() without a seed after Reset(seed: 1) gave different results on two runs: an unseeded Reset must continue the existing NpRandom, not draw fresh entropy. Only call SeedRandom when a seed is given.");
            env.Reset(seed: 2);
            var seededState2 = RngState.Of(env);
            env.Reset();
            var continued2 = RngState.Of(env);
            if (seededState1 != seededState2 && continuedA == continued2)
                Failures.Add("Reset() without a seed reseeds NpRandom with a fixed value (episodes after Reset(seed: 1) and Reset(seed: 2) start from the same generator state). Keep the generator when the seed is null: SeedRandom(seed) does this.");
        }

        private void CheckStep<TObs, TAct>(Env<TObs, TAct> env)
        {
            env.Reset(seed: 0);
            env.ActionSpace.Seed(0);
            var action = env.ActionSpace.Sample();
            if (!env.ActionSpace.Contains(action))
                Failures.Add($"ActionSpace.Sample() returned {env.ActionSpace.Describe(action)}, which the action space does not contain.");
            var result = env.Step(action);
            CheckObservation(env, result.Observation, "Step()");
            if (ContractChecks.Reward(result.Reward, "Step()") is { } problem) Failures.Add(problem);
            if (result.Info is null) Failures.Add("Step() returned a null info; return Infos.Empty when there is nothing to report.");
        }

        private void CheckStepDeterminism<TObs, TAct>(Env<TObs, TAct> env)
        {
            if (IsNondeterministic(env)) return;
            var runs = new List<(TObs Obs, double Reward, bool Terminated, bool Truncated, IReadOnlyDictionary<string, object> Info)>();
            for (int run = 0; run < 2; run++)
            {
                env.ActionSpace.Seed(123);
                var action = env.ActionSpace.Sample();
                env.Reset(seed: 123);
                var r = env.Step(action);
                runs.Add((DataEquivalence.Snapshot(r.Observation), r.Reward, r.Terminated, r.Truncated, DataEquivalence.Snapshot(r.Info)));
            }
            var (a, b) = (runs[0], runs[1]);
            var space = env.ObservationSpace;
            const string fix = "Seeded episodes must be repeatable: keep all randomness in NpRandom and reset all episode state in Reset.";
            if (!DataEquivalence.Equivalent(a.Obs, b.Obs))
                Failures.Add($"The same seed and action gave different Step() observations: {space.Describe(a.Obs)} vs {space.Describe(b.Obs)}. {fix}");
            if (!DataEquivalence.Equivalent(a.Reward, b.Reward))
                Failures.Add($"The same seed and action gave different Step() rewards: {Fmt(a.Reward)} vs {Fmt(b.Reward)}. {fix}");
            if (a.Terminated != b.Terminated || a.Truncated != b.Truncated)
                Failures.Add($"The same seed and action gave different Step() flags: terminated {a.Terminated}/{b.Terminated}, truncated {a.Truncated}/{b.Truncated}. {fix}");
            if (!DataEquivalence.Equivalent(a.Info, b.Info))
                Failures.Add($"The same seed and action gave different Step() infos (keys [{string.Join(", ", a.Info?.Keys ?? [])}] vs [{string.Join(", ", b.Info?.Keys ?? [])}]). {fix}");
        }

        private static string Fmt(double x) => x.ToString("R", CultureInfo.InvariantCulture);

        private void CheckRender<TObs, TAct>(Env<TObs, TAct> env)
        {
            var modes = env.Metadata.RenderModes;
            if (modes.Count > 0 && env.Metadata.RenderFps <= 0)
                Failures.Add($"{env} declares render modes but Metadata.RenderFps is {env.Metadata.RenderFps}; set a positive fps.");
            foreach (var problem in ContractChecks.RenderMetadata(env))
                if (!problem.Contains("RenderFps", StringComparison.Ordinal)) Warnings.Add(problem);

            if (env.RenderMode is { } current)
            {
                env.Reset(seed: 0);
                if (ContractChecks.RenderResult(current, env.Render()) is { } problem) Failures.Add(problem);
            }
            if (modes.Count == 0) return;
            var spec = env.Spec;
            if (spec is null)
            {
                Warnings.Add($"{env} has no Spec, so its other render modes ({string.Join(", ", modes)}) were not tried. Register it and create it with Gym.Make to test them.");
                return;
            }
            foreach (var mode in modes)
            {
                var kwargs = new Dictionary<string, object>(spec.Kwargs) { ["render_mode"] = mode };
                using var fresh = spec.Factory(kwargs);
                if (fresh.RenderMode != mode)
                {
                    Failures.Add($"Creating '{spec.Id}' with render_mode '{mode}' gave an env with render mode '{fresh.RenderMode ?? "null"}'; read the render_mode kwarg in the factory and pass it to the env.");
                    continue;
                }
                var frame = fresh.Accept(ResetAndRender.Instance);
                if (ContractChecks.RenderResult(mode, frame) is { } problem) Failures.Add($"[{mode}] {problem}");
            }
        }

        private void CheckDisposeTwice(IEnv env)
        {
            if (env.Spec is not { } spec) return;
            var fresh = spec.Factory(spec.Kwargs);
            fresh.Dispose();
            try { fresh.Dispose(); }
            catch (Exception e)
            {
                Warnings.Add($"Disposing '{spec.Id}' twice threw {TypeNames.Of(e.GetType())}: {e.Message}. Dispose should be idempotent.");
            }
        }
    }

    private sealed class ResetAndRender : IEnvVisitor<RenderFrame?>
    {
        public static readonly ResetAndRender Instance = new();

        public RenderFrame? Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            env.Reset(seed: 0);
            return env.Render();
        }
    }
}
