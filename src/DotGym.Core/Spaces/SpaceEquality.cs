using System.Runtime.InteropServices;

namespace DotGym.Spaces;

/// <summary>Helpers for the spaces' structural <c>Equals</c>/<c>GetHashCode</c> (bit-exact, seeds and generators ignored).</summary>
internal static class SpaceEquality
{
    /// <summary>Whether two arrays of an unmanaged type hold the same bits (so -0.0 differs from 0.0, as numpy's tobytes).</summary>
    public static bool BitEqual<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));

    /// <summary>Adds the length and bits of <paramref name="values"/> to <paramref name="hash"/>.</summary>
    public static void AddBits<T>(ref HashCode hash, ReadOnlySpan<T> values) where T : unmanaged
    {
        hash.Add(values.Length);
        hash.AddBytes(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Whether two lists of subspaces are pairwise equal (each by its own <c>Equals</c>).</summary>
    public static bool SpacesEqual(IReadOnlyList<Space> a, IReadOnlyList<Space> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }
}
