namespace DotGym.Agents.Environments;

/// <summary>
/// An env that says which discrete actions are legal right now. The agents look for it on the env and, through
/// wrappers, on <see cref="IEnv.Unwrapped"/>; the other way to provide a mask is an <c>info["action_mask"]</c> array
/// (Gymnasium's convention) in the results of <c>Reset</c> and <c>Step</c>.
/// </summary>
public interface IActionMaskProvider
{
    /// <summary>
    /// Writes 1 for every legal action and 0 for every illegal one. For <c>Discrete(n)</c> the mask has n entries;
    /// for MultiDiscrete it is the concatenation of one mask per component.
    /// </summary>
    void WriteActionMask(Span<byte> mask);
}
