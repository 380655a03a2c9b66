using System.Diagnostics;

namespace DotGym;

/// <summary>One warning about questionable env behaviour (Gymnasium's <c>logger.warn</c>).</summary>
/// <param name="Source">What raised it, e.g. "PassiveEnvChecker" or "EnvChecker".</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record DotGymWarning(string Source, string Message)
{
    public override string ToString() => $"[{Source}] {Message}";
}

/// <summary>
/// Where DotGym's warnings go. Warnings never throw: they are raised on <see cref="Warned"/>, collected by every
/// active <see cref="Capture"/> scope of the current async flow, and, when nobody listens, written to
/// <see cref="Trace"/>. Subscribe to route them to your logger.
/// </summary>
public static class DotGymWarnings
{
    private static readonly AsyncLocal<CaptureScope?> CurrentCapture = new();

    /// <summary>Raised for every warning (from any thread).</summary>
    public static event Action<DotGymWarning>? Warned;

    /// <summary>Reports a warning.</summary>
    public static void Warn(string source, string message)
    {
        var warning = new DotGymWarning(source, message);
        bool captured = false;
        for (var scope = CurrentCapture.Value; scope is not null; scope = scope.Parent)
        {
            if (scope.Disposed) continue;
            scope.Add(warning);
            captured = true;
        }
        var handlers = Warned;
        handlers?.Invoke(warning);
        if (handlers is null && !captured) Trace.TraceWarning(warning.ToString());
    }

    /// <summary>
    /// Collects the warnings raised on this async flow until the returned scope is disposed (tests and tools use it
    /// to inspect warnings without a global handler).
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

        public void Dispose()
        {
            if (Disposed) return;
            Disposed = true;
            if (ReferenceEquals(CurrentCapture.Value, this)) CurrentCapture.Value = Parent;
        }
    }
}
