using System.Globalization;

namespace DotGym.Registration;

/// <summary>
/// Typed access to an env factory's keyword arguments (Gymnasium's <c>**kwargs</c>, same snake_case names), with
/// errors that name the env, the argument and the accepted names.
/// </summary>
public sealed class Kwargs
{
    private readonly IReadOnlyDictionary<string, object> _values;
    private readonly string _owner;
    private readonly HashSet<string> _read = [];

    public Kwargs(IReadOnlyDictionary<string, object>? values, string owner)
    {
        _values = values ?? Infos.Empty;
        _owner = owner;
    }

    public T Get<T>(string name, T defaultValue)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var raw) || raw is null) return defaultValue;
        if (raw is T typed) return typed;
        try
        {
            if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(bool))
                return (T)Convert.ChangeType(raw, typeof(T), CultureInfo.InvariantCulture);
            if (Nullable.GetUnderlyingType(typeof(T)) is { } inner)
                return (T)Convert.ChangeType(raw, inner, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            // fall through to the clear error below
        }
        throw new ArgumentException($"{_owner}: argument '{name}' must be of type {TypeNames.Of<T>()}, got {TypeNames.Of(raw.GetType())} '{raw}'.");
    }

    /// <summary>Throws when the caller passed an argument the env never read (a typo, usually).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{_owner}: unknown argument(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Accepted: {string.Join(", ", _read.Order())}.");
    }
}
