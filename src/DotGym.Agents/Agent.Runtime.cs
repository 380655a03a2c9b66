using DotGym.Agents.Policies;
using DotGym.Runtime;

namespace DotGym.Agents;

// The trained policy in the dependency-free runtime's form: what `dotgym export` writes and games run.
public abstract partial class Agent
{
    /// <summary>
    /// A snapshot of the policy for the dependency-free runtime (DotGym.Runtime): the observation's flat float form,
    /// the frozen observation normaliser, the actor MLP and the action head, copied from the current parameters.
    /// Write it with <see cref="PolicyFile.Write(string, PolicyModel)"/> or export it with DotGym.Export. Only the
    /// default <see cref="MlpPolicy"/> network has this form (a custom network throws <see cref="NotSupportedException"/>).
    /// </summary>
    public PolicyModel ToPolicyModel()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        string version = typeof(Agent).Assembly.GetName().Version?.ToString(3) ?? "?";
        return RuntimeModels.Build(Policy, $"DotGym {version} {Algorithm}");
    }

    /// <summary>
    /// A <see cref="RuntimePolicy"/> over <see cref="ToPolicyModel"/>: it acts as the deterministic
    /// <see cref="Predict{TObs,TAct}"/> does (which runs the same runtime on the CPU), without TorchSharp, and does not
    /// follow later training.
    /// </summary>
    public RuntimePolicy ToRuntimePolicy() => new(ToPolicyModel());
}
