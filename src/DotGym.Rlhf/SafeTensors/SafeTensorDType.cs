namespace DotGym.Rlhf.SafeTensors;

/// <summary>The element types this reader understands, spelled as in the safetensors header.</summary>
public enum SafeTensorDType
{
    /// <summary>IEEE float32.</summary>
    F32,
    /// <summary>IEEE float16 (read as float32).</summary>
    F16,
    /// <summary>bfloat16: the upper half of a float32 (read as float32).</summary>
    BF16,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
}

/// <summary>Header spellings and element sizes of <see cref="SafeTensorDType"/>.</summary>
public static class SafeTensorDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.F16 or SafeTensorDType.BF16 => 2,
        SafeTensorDType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>Parses a header dtype string; false for anything this reader does not support.</summary>
    public static bool TryParse(string text, out SafeTensorDType dtype)
    {
        // Enum.TryParse would also accept numbers and other casings, which a header never legitimately holds.
        foreach (var candidate in Enum.GetValues<SafeTensorDType>())
        {
            if (candidate.ToString() == text)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>The supported spellings, for error messages.</summary>
    public static string Supported => string.Join(", ", Enum.GetNames<SafeTensorDType>());
}
