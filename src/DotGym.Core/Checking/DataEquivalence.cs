using System.Collections;

namespace DotGym.Checking;

/// <summary>
/// Copies and compares env outputs (Gymnasium's <c>data_equivalence</c>): arrays element-wise, floating-point values
/// with numpy's <c>allclose(rtol=1e-5, atol=1e-5, equal_nan=True)</c>, dictionaries by keys and values, anything else with
/// <see cref="object.Equals(object?)"/>.
/// </summary>
internal static class DataEquivalence
{
    /// <summary>A copy that survives the env reusing its buffers (arrays and dictionaries are copied, deeply).</summary>
    public static T Snapshot<T>(T value) => (T)SnapshotObject(value)!;

    private static object? SnapshotObject(object? value) => value switch
    {
        Array array when array.Rank == 1 && array.GetType().GetElementType()!.IsValueType => array.Clone(),
        object[] objects => objects.Select(SnapshotObject).ToArray(),
        IReadOnlyDictionary<string, object> dict => dict.ToDictionary(kv => kv.Key, kv => SnapshotObject(kv.Value)!),
        _ => value,
    };

    public static bool Equivalent(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.GetType() != b.GetType()) return false;
        switch (a)
        {
            case double x: return Close(x, (double)b);
            case float x: return Close(x, (float)b);
            case IReadOnlyDictionary<string, object> da:
                var db = (IReadOnlyDictionary<string, object>)b;
                return da.Count == db.Count && da.All(kv => db.TryGetValue(kv.Key, out var v) && Equivalent(kv.Value, v));
            case Array xa:
                var xb = (Array)b;
                if (xa.Length != xb.Length) return false;
                for (int i = 0; i < xa.Length; i++)
                    if (!Equivalent(xa.GetValue(i), xb.GetValue(i))) return false;
                return true;
            case IStructuralEquatable structural:
                return structural.Equals(b, StructuralComparisons.StructuralEqualityComparer);
            default: return a.Equals(b);
        }
    }

    // NaN matches NaN here: a NaN is reported on its own, so it must not also read as nondeterminism.
    private static bool Close(double x, double y) =>
        x == y || (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= 1e-5 + 1e-5 * Math.Abs(y);
}
