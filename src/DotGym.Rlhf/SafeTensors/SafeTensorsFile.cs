namespace DotGym.Rlhf.SafeTensors;

/// <summary>The contents of a safetensors file: tensors by name (in file order) and the optional string metadata.</summary>
public sealed class SafeTensorsFile(IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
{
    /// <summary>Tensors in the order of their data offsets.</summary>
    public IReadOnlyList<SafeTensorEntry> Tensors { get; } = tensors;

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    /// <summary>The tensor called <paramref name="name"/>, or an error listing what the file holds.</summary>
    public SafeTensorEntry this[string name] => Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"No tensor '{name}' in the file; it holds: {string.Join(", ", Tensors.Select(t => t.Name))}.");
}
