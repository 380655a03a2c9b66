namespace DotGym.Random;

// Placeholder until numpy's ziggurat normal/exponential samplers land (spaces work item).
public sealed partial class NpGenerator
{
    /// <summary><c>standard_normal()</c> (numpy's ziggurat).</summary>
    public double StandardNormal() => throw new NotImplementedException("numpy ziggurat normal not ported yet");

    /// <summary><c>standard_exponential()</c> (numpy's ziggurat).</summary>
    public double StandardExponential() => throw new NotImplementedException("numpy ziggurat exponential not ported yet");
}
