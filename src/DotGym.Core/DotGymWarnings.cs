using System.Collections.Concurrent;

namespace DotGym;

/// <summary>One warning about questionable env or library behaviour (Gymnasium's <c>logger.warn</c>).</summary>
/// <param name="Source">What raised it, e.g. "PassiveEnvChecker", "EnvChecker" or "Agent.Load".</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record DotGymWarning(string Source, string Message)
{
    /// <summary><c>[Source] Message</c>, the line written to stderr.</summary>
    public override string ToString() => $"[{Source}] {Message}";
}

/// <summary>
/// Where DotGym's warnings go: the one mechanism behind every warning of Core, the envs, the agents and the CLI.
/// <list type="bullet">
/// <item>By default each warning is written to <b>stderr</b> as <c>warning: [Source] Message</c>, <b>once</b> per
/// source and kind (the message, unless the caller names a kind) for the life of the process (Gymnasium's
/// <c>warnings.warn</c> "default" filter: the same warning is not repeated, a different one is shown).</item>
/// <item><see cref="Silence"/> drops them; <see cref="Route"/> sends them to your logger instead (e.g.
/// <c>DotGymWarnings.Route(w =&gt; logger.LogWarning("{Source}: {Message}", w.Source, w.Message))</c>);
/// <see cref="ToStandardError"/> restores the default. Set <see cref="OncePerKind"/> to false to see every repeat.</item>
/// <item><see cref="Capture"/> collects the warnings of the current async flow (tests, the env checker's report)
/// instead of showing them.</item>
/// </list>
/// Warnings never throw, and raising one is thread-safe.
/// </summary>
public static class DotGymWarnings
{
    private static readonly AsyncLocal<CaptureScope?> CurrentCapture = new();
    private static readonly ConcurrentDictionary<(string Source, string Kind), byte> Shown = new();
    private static volatile Action<DotGymWarning> _sink = WriteToStandardError;

    /// <summary>
    /// Where shown warnings go (default: stderr). Setting it is the same as <see cref="Route"/>; a null sink is
    /// rejected (use <see cref="Silence"/>).
    /// </summary>
    public static Action<DotGymWarning> Sink
    {
        get => _sink;
        set => _sink = value ?? throw new ArgumentNullException(nameof(value), "A warning sink cannot be null; call DotGymWarnings.Silence() to drop warnings.");
    }

    /// <summary>Show each distinct warning (source + message) once per process (default true, as Gymnasium).</summary>
    public static bool OncePerKind { get; set; } = true;

    /// <summary>Drops every warning from now on (those collected by a <see cref="Capture"/> scope are still collected).</summary>
    public static void Silence() => _sink = static _ => { };

    /// <summary>Sends every shown warning to <paramref name="sink"/> instead of stderr.</summary>
    public static void Route(Action<DotGymWarning> sink) => Sink = sink;

    /// <summary>Writes warnings to stderr again (the default).</summary>
    public static void ToStandardError() => _sink = WriteToStandardError;

    /// <summary>Forgets which warnings were shown, so each is shown once more.</summary>
    public static void ForgetShown() => Shown.Clear();

    /// <summary>
    /// Reports a warning: collected by every active <see cref="Capture"/> scope of this async flow, or else shown
    /// through <see cref="Sink"/>, once per source and <paramref name="kind"/> while <see cref="OncePerKind"/> is true.
    /// </summary>
    /// <param name="source">What raises it, e.g. "PassiveEnvChecker".</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="kind">
    /// What makes two warnings the same (default: the message). Give one when the message holds values that vary
    /// between repeats of the same problem (the observation's numbers, a sub-env's index), so it is shown once.
    /// </param>
    public static void Warn(string source, string message, string? kind = null)
    {
        var warning = new DotGymWarning(source ?? "DotGym", message ?? "");
        bool captured = false;
        for (var scope = CurrentCapture.Value; scope is not null; scope = scope.Parent)
        {
            if (scope.Disposed) continue;
            scope.Add(warning);
            captured = true;
        }
        if (captured) return;
        if (OncePerKind && !Shown.TryAdd((warning.Source, kind ?? warning.Message), 0)) return;
        try
        {
            _sink(warning);
        }
        catch (Exception)
        {
            // A warning must never break the code that raised it; a failing sink loses this one warning.
        }
    }

    private static void WriteToStandardError(DotGymWarning warning) => Console.Error.WriteLine($"warning: {warning}");

    /// <summary>
    /// Collects the warnings raised on this async flow until the returned scope is disposed, instead of showing them
    /// (tests and tools use it to inspect warnings without a global sink).
    /// </summary>
    public static CaptureScope Capture()
    {
        var scope = new CaptureScope(CurrentCapture.Value);
        CurrentCapture.Value = scope;
        return scope;
    }

    /// <summary>The warnings collected since <see cref="Capture"/>; dispose to stop collecting.</summary>
    public sealed class CaptureScope : IDisposable
    {
        private readonly List<DotGymWarning> _warnings = [];

        internal CaptureScope(CaptureScope? parent) => Parent = parent;

        internal CaptureScope? Parent { get; }
        internal bool Disposed { get; private set; }

        /// <summary>Every warning collected, in order (repeats included).</summary>
        public IReadOnlyList<DotGymWarning> Warnings
        {
            get { lock (_warnings) return _warnings.ToArray(); }
        }

        /// <summary>The messages alone, in order.</summary>
        public IReadOnlyList<string> Messages => Warnings.Select(w => w.Message).ToArray();

        internal void Add(DotGymWarning warning)
        {
            lock (_warnings) _warnings.Add(warning);
        }

        /// <summary>Stops collecting; warnings go to the sink again.</summary>
        public void Dispose()
        {
            if (Disposed) return;
            Disposed = true;
            if (ReferenceEquals(CurrentCapture.Value, this)) CurrentCapture.Value = Parent;
        }
    }
}
