namespace DotGym.Rlhf.SafeTensors;

/// <summary>A file is not a valid safetensors file; the message says which rule it breaks and where.</summary>
public sealed class SafeTensorsFormatException(string message) : IOException(message);
