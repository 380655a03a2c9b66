namespace DotGym.Spaces;

/// <summary>The flat bounds of a composite space (<c>Dict</c>, <c>Tuple</c>): its subspaces' bounds, one after another.</summary>
internal static class CompositeFlatBounds
{
    /// <summary>Writes each subspace's flat bounds into its slice of <paramref name="low"/> and <paramref name="high"/>, in order.</summary>
    public static void Write(ReadOnlySpan<Space> subspaces, Span<double> low, Span<double> high)
    {
        int offset = 0;
        foreach (var space in subspaces)
        {
            int dim = space.FlatDim;
            space.GetFlatBounds(low.Slice(offset, dim), high.Slice(offset, dim));
            offset += dim;
        }
    }
}
