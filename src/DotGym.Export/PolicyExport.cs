using DotGym.Agents;
using DotGym.Rendering;
using DotGym.Runtime;
using Google.Protobuf;

namespace DotGym.Export;

/// <summary>The file formats a policy can be exported to.</summary>
public enum PolicyExportFormat
{
    /// <summary>The DotGym policy file, read by the dependency-free DotGym.Runtime (<see cref="PolicyFile"/>).</summary>
    DotGym,
    /// <summary>ONNX, opset 13, IR version 8 (<see cref="OnnxPolicyGraph"/>).</summary>
    Onnx,
}

/// <summary>
/// Writes a trained policy for shipping: the DotGym policy file or ONNX, from an <see cref="Agent"/> (its current
/// parameters, through <see cref="Agent.ToPolicyModel"/>) or from a <see cref="PolicyModel"/>. Files are written to a
/// temporary file and then moved into place, so an interrupted export never leaves half a file.
/// </summary>
public static class PolicyExport
{
    /// <summary>Exports <paramref name="agent"/>'s policy to <paramref name="path"/> and returns what was written.</summary>
    public static PolicyModel Export(Agent agent, PolicyExportFormat format, string path, int onnxOpset = OnnxPolicyGraph.DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var model = agent.ToPolicyModel();
        Export(model, format, path, onnxOpset);
        return model;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> in <paramref name="format"/> (ONNX with opset <paramref name="onnxOpset"/>, 13 to 15).</summary>
    public static void Export(PolicyModel model, PolicyExportFormat format, string path, int onnxOpset = OnnxPolicyGraph.DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        switch (format)
        {
            case PolicyExportFormat.DotGym:
                AtomicFile.Write(path, stream => PolicyFile.Write(stream, model));
                break;
            case PolicyExportFormat.Onnx:
                var onnx = OnnxPolicyGraph.Build(model, onnxOpset);
                AtomicFile.Write(path, stream => onnx.WriteTo(stream));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Export to dotgym or onnx.");
        }
    }
}
