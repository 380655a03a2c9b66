namespace DotGym.Spaces;

/// <summary>Shape helpers shared by the array spaces.</summary>
internal static class Shapes
{
    /// <summary>Product of the dimensions, rejecting negative dimensions and overflow.</summary>
    public static int Size(int[] shape, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(shape, parameterName);
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape dimensions must be >= 0, got {Format(shape)}.", parameterName);
            size *= d;
            if (size > Array.MaxLength) throw new ArgumentException($"Shape {Format(shape)} has too many elements.", parameterName);
        }
        return (int)size;
    }

    /// <summary>Python's tuple text: <c>(3,)</c>, <c>(2, 2)</c>, <c>()</c>.</summary>
    public static string Format(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>numpy's array text for a flat array with a shape: <c>[3 5 2]</c>, <c>[[1 2] [3 4]]</c>.</summary>
    public static string FormatArray(int[] values, int[] shape)
    {
        if (shape.Length <= 1) return $"[{string.Join(" ", values)}]";
        int inner = values.Length / Math.Max(shape[0], 1);
        var rows = new List<string>();
        for (int r = 0; r < shape[0]; r++)
            rows.Add(FormatArray(values.AsSpan(r * inner, inner).ToArray(), shape[1..]));
        return $"[{string.Join(" ", rows)}]";
    }
}
