using TorchSharp;

namespace DotGym.Agents;

/// <summary>Chooses the training device and reports what LibTorch provides.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Resolves "cpu", "cuda", "cuda:N" or "auto" (CUDA when available, else CPU). Asking for CUDA on a machine
    /// without it fails with a message that says what to do.
    /// </summary>
    public static torch.Device ResolveDevice(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (normalized == "cpu") return torch.CPU;
        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"Device '{name}' was requested but CUDA is not available here (this build uses the '{Backend}' LibTorch). Use --device cpu or auto, or build with -p:TorchBackend=cuda on a CUDA machine.");
            return new torch.Device(normalized);
        }
        throw new ArgumentException($"Unknown device '{name}'. Use cpu, cuda, cuda:N or auto.");
    }

    /// <summary>The LibTorch flavour this build references.</summary>
    public static string Backend => torch.cuda.is_available() ? "cuda" : "cpu";

    /// <summary>LibTorch's version string, e.g. "2.10.0".</summary>
    public static string LibTorchVersion => torch.__version__;
}
