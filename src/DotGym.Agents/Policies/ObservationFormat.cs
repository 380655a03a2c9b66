namespace DotGym.Agents.Policies;

/// <summary>The element type of the observation tensors a policy network reads.</summary>
public enum ObservationKind
{
    /// <summary>float32 values of shape <c>[B, ..Shape]</c>: float Box observations as they are (C×H×W grids stay C×H×W),
    /// and every other flattenable space through its <c>Flatten</c> (Gymnasium's <c>flatten_space</c>) as <c>[B, FlatSize]</c>.</summary>
    Float,
    /// <summary>int64 indices of shape <c>[B]</c> in <c>[0, Classes)</c>: a Discrete observation (its start subtracted), e.g. a tabular state.</summary>
    Index,
    /// <summary>uint8 values of shape <c>[B, ..Shape]</c>: a byte Box observation (images) as it is, not scaled.</summary>
    UInt8,
}

/// <summary>
/// How observations reach a policy network: the agents turn every batch of env observations into one tensor of this
/// format (the rollout stores it as is), and the network decides how to read it: an MLP one-hots indices and
/// flattens images, a CNN keeps C×H×W, a transformer embeds token ids.
/// </summary>
/// <param name="Kind">Element type of the tensor.</param>
/// <param name="Shape">Shape of one observation (empty for <see cref="ObservationKind.Index"/>).</param>
/// <param name="Classes">Number of distinct indices for <see cref="ObservationKind.Index"/> (0 otherwise).</param>
public sealed record ObservationFormat(ObservationKind Kind, int[] Shape, int Classes = 0)
{
    /// <summary>Values in one observation's tensor row (1 for indices).</summary>
    public int ItemSize => Kind == ObservationKind.Index ? 1 : Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>Width of the observation once flattened to floats (the one-hot width for indices).</summary>
    public int FlatSize => Kind == ObservationKind.Index ? Classes : ItemSize;

    /// <summary>The tensor shape of a batch of <paramref name="rows"/> observations.</summary>
    public long[] BatchShape(long rows) => [rows, .. Shape.Select(d => (long)d)];

    public bool Equals(ObservationFormat? other) =>
        other is not null && Kind == other.Kind && Classes == other.Classes && Shape.AsSpan().SequenceEqual(other.Shape);

    public override int GetHashCode() => HashCode.Combine(Kind, Classes, Shape.Length > 0 ? Shape[0] : -1, Shape.Length);

    public override string ToString() => Kind switch
    {
        ObservationKind.Index => $"index[{Classes}]",
        _ => $"{Kind.ToString().ToLowerInvariant()}[{string.Join("x", Shape)}]",
    };
}
