using System.Collections.Concurrent;
using DotGym.Wrappers;

namespace DotGym.Registration;

/// <summary>
/// The env registry (Gymnasium's <c>gymnasium.register</c> / <c>gymnasium.make</c>). Nothing is registered
/// implicitly (no reflection, so the registry is trimming- and NativeAOT-safe): call
/// <c>DotGym.Envs.BuiltinEnvs.Register()</c> once at startup for the built-in envs, and <c>Gym.Register</c> your own.
/// </summary>
public static partial class Gym
{
    private static readonly ConcurrentDictionary<string, EnvSpec> Specs = new(StringComparer.Ordinal);

    /// <summary>The id families <c>DotGym.Envs</c> registers, used only to hint at <c>BuiltinEnvs.Register()</c> in errors.</summary>
    private static readonly string[] BuiltinFamilies =
        ["CartPole", "MountainCar", "Pendulum", "Acrobot", "FrozenLake", "CliffWalking", "Taxi", "Blackjack", "GridWorld"];

    private static readonly string[] TextFamilies = ["TextGen", "TextCompletion"];

    internal const string TextRegistrationHint =
        "The text envs live in DotGym.Envs.Text: call DotGym.Envs.Text.TextEnvs.Register() once at startup (it is idempotent).";

    internal const string BuiltinRegistrationHint =
        "The built-in envs are not registered implicitly: call DotGym.Envs.BuiltinEnvs.Register() once at startup (it is idempotent and thread-safe).";

    /// <summary>Registers an env under <paramref name="id"/> (e.g. "MyEnv-v0"). Re-registering an id replaces it.</summary>
    public static EnvSpec Register(string id, Func<IReadOnlyDictionary<string, object>, IEnv> factory, int? maxEpisodeSteps = null,
        double? rewardThreshold = null, IReadOnlyDictionary<string, object>? kwargs = null, bool nondeterministic = false,
        string description = "", bool orderEnforce = true, bool disableEnvChecker = false,
        Func<VectorEnvRequest, Vector.IVectorEnv>? vectorEntryPoint = null)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An env id must be a non-empty name such as 'MyEnv-v0'.", nameof(id));
        ArgumentNullException.ThrowIfNull(factory);
        if (maxEpisodeSteps is <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "maxEpisodeSteps must be positive (or null for no limit).");
        var spec = new EnvSpec
        {
            Id = id, Factory = factory, MaxEpisodeSteps = maxEpisodeSteps, RewardThreshold = rewardThreshold,
            Kwargs = kwargs ?? Infos.Empty, Nondeterministic = nondeterministic, Description = description,
            OrderEnforce = orderEnforce, DisableEnvChecker = disableEnvChecker, VectorEntryPoint = vectorEntryPoint,
        };
        Specs[id] = spec;
        return spec;
    }

    /// <summary>Registers a parameterless env type.</summary>
    public static EnvSpec Register<TEnv>(string id, int? maxEpisodeSteps = null, double? rewardThreshold = null, string description = "")
        where TEnv : IEnv, new() =>
        Register(id, _ => new TEnv(), maxEpisodeSteps, rewardThreshold, description: description);

    /// <summary>Every registered spec, sorted by id.</summary>
    public static IReadOnlyList<EnvSpec> Registry
    {
        get => Specs.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The spec of <paramref name="id"/>; unknown ids fail with the closest known ids.</summary>
    public static EnvSpec Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Specs.TryGetValue(id, out var spec)) return spec;
        throw new UnknownEnvException(UnknownIdMessage(id, Specs.Keys.ToArray()));
    }

    /// <summary>
    /// Why <paramref name="id"/> is not among <paramref name="known"/>: the closest ids, or, when nothing is registered
    /// or the id is a built-in family none of which is registered, how to register the built-in envs.
    /// </summary>
    internal static string UnknownIdMessage(string id, string[] known)
    {
        if (IsUnregisteredFamily(id, known, TextFamilies))
            return $"No env registered with id '{id}'. {TextRegistrationHint}";
        if (known.Length == 0 || IsUnregisteredFamily(id, known, BuiltinFamilies))
            return $"No env registered with id '{id}'. {BuiltinRegistrationHint}" + (known.Length == 0 ? " The registry is empty." : "");
        var suggestions = Suggest(id, known, 3);
        string hint = suggestions.Count > 0 ? $" Did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : "";
        return $"No env registered with id '{id}'.{hint} Run `dotgym list` or read Gym.Registry for every id, or Gym.Register your own.";
    }

    /// <summary>Whether <paramref name="id"/> names one of <paramref name="families"/> (e.g. "CartPole-v1") of which nothing is registered.</summary>
    private static bool IsUnregisteredFamily(string id, string[] known, string[] families)
    {
        foreach (var family in families)
        {
            if (!id.StartsWith(family, StringComparison.OrdinalIgnoreCase)) continue;
            return !known.Any(k => k.StartsWith(family, StringComparison.Ordinal));
        }
        return false;
    }

    /// <summary>
    /// Creates a registered env with Gymnasium's standard wrappers: the passive checker, order enforcing and the
    /// time limit (<paramref name="maxEpisodeSteps"/> overrides the spec's). <paramref name="kwargs"/> are merged
    /// over the spec's defaults; <paramref name="renderMode"/> is passed as <c>render_mode</c>.
    /// </summary>
    public static IEnv Make(string id, IReadOnlyDictionary<string, object>? kwargs = null, string? renderMode = null,
        int? maxEpisodeSteps = null, bool? disableEnvChecker = null)
    {
        var spec = Spec(id);
        var merged = new Dictionary<string, object>(spec.Kwargs);
        if (kwargs is not null) foreach (var (k, v) in kwargs) merged[k] = v;
        if (renderMode is not null) merged["render_mode"] = renderMode;
        var env = spec.Factory(merged) ?? throw new InvalidOperationException($"The factory of '{id}' returned null.");
        var effective = spec with { Kwargs = merged, MaxEpisodeSteps = maxEpisodeSteps ?? spec.MaxEpisodeSteps };
        env.Unwrapped.Spec = effective;
        return env.Accept(new StandardWrappers(effective, disableEnvChecker ?? spec.DisableEnvChecker));
    }

    /// <summary>Typed <see cref="Make"/>: fails clearly when the env's observation or action type differs.</summary>
    public static Env<TObs, TAct> Make<TObs, TAct>(string id, IReadOnlyDictionary<string, object>? kwargs = null, string? renderMode = null,
        int? maxEpisodeSteps = null, bool? disableEnvChecker = null)
    {
        var env = Make(id, kwargs, renderMode, maxEpisodeSteps, disableEnvChecker);
        if (env is Env<TObs, TAct> typed) return typed;
        var (obs, act) = (env.ObservationSpace.ElementType, env.ActionSpace.ElementType);
        env.Dispose();
        throw new InvalidCastException(
            $"'{id}' observes {TypeNames.Of(obs)} and acts with {TypeNames.Of(act)}, not {TypeNames.Of<TObs>()} and {TypeNames.Of<TAct>()}. Use Gym.Make<{TypeNames.Of(obs)}, {TypeNames.Of(act)}>(\"{id}\") or the untyped Gym.Make.");
    }

    private sealed class StandardWrappers(EnvSpec spec, bool disableChecker) : IEnvVisitor<IEnv>
    {
        public IEnv Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            Env<TObs, TAct> wrapped = env;
            if (!disableChecker) wrapped = new PassiveEnvChecker<TObs, TAct>(wrapped);
            if (spec.OrderEnforce) wrapped = new OrderEnforcing<TObs, TAct>(wrapped);
            if (spec.MaxEpisodeSteps is { } max) wrapped = new TimeLimit<TObs, TAct>(wrapped, max);
            return wrapped;
        }
    }

    internal static IReadOnlyList<string> Suggest(string id, IEnumerable<string> known, int count) =>
        known.Select(k => (k, d: Levenshtein(id.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(3, id.Length / 2))
            .OrderBy(x => x.d).ThenBy(x => x.k, StringComparer.Ordinal)
            .Take(count).Select(x => x.k).ToList();

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>Thrown by <see cref="Gym.Make"/> for an id nobody registered.</summary>
public sealed class UnknownEnvException(string message) : KeyNotFoundException(message);
