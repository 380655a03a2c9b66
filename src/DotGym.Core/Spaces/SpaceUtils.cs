namespace DotGym.Spaces;

/// <summary>
/// Gymnasium's <c>gymnasium.spaces.utils</c> on untyped spaces: <c>flatdim</c>, <c>flatten</c>, <c>unflatten</c>,
/// <c>flatten_space</c>. Flattening is one-hot for Discrete/MultiDiscrete, the values for Box/MultiBinary,
/// padded character indices for Text, and the concatenation in order for Tuple/Dict.
/// </summary>
public static class SpaceUtils
{
    /// <summary>Length of a flattened element.</summary>
    public static int FlatDim(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        EnsureFlattenable(space);
        return space.FlatDim;
    }

    /// <summary>A new float64 array holding the flattened <paramref name="value"/>.</summary>
    public static double[] Flatten(Space space, object value)
    {
        var flat = new double[FlatDim(space)];
        Flatten(space, value, flat);
        return flat;
    }

    /// <summary>Writes the flattened <paramref name="value"/> into <paramref name="destination"/> (length <see cref="FlatDim"/>), allocation-free for array spaces.</summary>
    public static void Flatten(Space space, object value, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(value);
        EnsureFlattenable(space);
        space.FlattenObject(value, destination);
    }

    /// <summary>The element of <paramref name="space"/> whose flattening is <paramref name="flat"/>.</summary>
    public static object Unflatten(Space space, ReadOnlySpan<double> flat)
    {
        ArgumentNullException.ThrowIfNull(space);
        EnsureFlattenable(space);
        return space.UnflattenObject(flat);
    }

    /// <summary>
    /// The flat Box that <see cref="Flatten(Space, object)"/> maps into (Gymnasium's <c>flatten_space</c>, with
    /// float64 elements): [0, 1] per one-hot or binary entry, the box's own bounds, [0, charset size] for Text.
    /// </summary>
    public static Box<double> FlattenSpace(Space space)
    {
        int dim = FlatDim(space);
        var low = new double[dim];
        var high = new double[dim];
        space.GetFlatBounds(low, high);
        return new Box<double>(low, high, [dim]);
    }

    private static void EnsureFlattenable(Space space)
    {
        if (!space.IsFlattenable) throw new NotSupportedException($"{space} cannot be flattened (Gymnasium's is_np_flattenable is False).");
    }
}
