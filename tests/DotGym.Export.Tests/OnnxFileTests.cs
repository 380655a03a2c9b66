using DotGym.Runtime;
using Onnx;

namespace DotGym.Export.Tests;

/// <summary>
/// The ONNX file is what Unity Sentis (opsets 7 to 15), ONNX Runtime and the ONNX project's own checker accept:
/// opset 13, IR version 8, a symbolic batch dimension, and <c>onnx.checker.check_model(full_check=True)</c> passes
/// (the checker runs when Debian's python3-onnx is installed; otherwise that test reports itself skipped).
/// </summary>
public sealed class OnnxFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheFileDeclaresOpset13AndIrVersion8WithABatchDimension()
    {
        using var agent = ExportFixtures.Trained(ExportFixtures.ActionSpaces[1]);
        string path = Path.Combine(_folder, "multi.onnx");
        PolicyExport.Export(agent, PolicyExportFormat.Onnx, path);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(13, Assert.Single(model.OpsetImport).Version);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("observation", input.Name);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(6, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(["action", "logits"], model.Graph.Output.Select(o => o.Name));
        Assert.Contains(model.MetadataProps, p => p.Key == "dotgym_action_space" && p.Value.StartsWith("MultiDiscrete", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void TheOnnxCheckerAcceptsEveryHead()
    {
        string? python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(HasOnnx);
        Skip.If(python is null, "SKIPPED: the ONNX checker needs Python with the onnx package: `apt-get install -y python3-onnx` (Debian 12).");
        for (int head = 0; head < ExportFixtures.ActionSpaces.Length; head++)
        {
            using var agent = ExportFixtures.Trained(ExportFixtures.ActionSpaces[head]);
            string path = Path.Combine(_folder, $"head{head}.onnx");
            PolicyExport.Export(agent, PolicyExportFormat.Onnx, path);
            var (code, output) = DotGym.Testing.ChildProcess.Run(python!,
                ["-c", "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('checked', m.ir_version, m.opset_import[0].version)", path],
                _folder, TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"onnx.checker rejected the {ExportFixtures.ActionSpaces[head]} policy:\n{output}");
            Assert.Contains("checked 8 13", output);
        }
    }

    [Fact]
    public void AnOpsetOutsideThirteenToFifteenIsRefused()
    {
        using var agent = ExportFixtures.Trained(ExportFixtures.ActionSpaces[0]);
        var model = agent.ToPolicyModel();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxPolicyGraph.Build(model, opset: 17));
        Assert.Contains("opset 13, 14 or 15", error.Message);
        Assert.Equal(15, OnnxPolicyGraph.Build(model, opset: 15).OpsetImport[0].Version);
    }

    private static bool HasOnnx(string python)
    {
        try
        {
            return DotGym.Testing.ChildProcess.Run(python, ["-c", "import onnx"], Path.GetTempPath(), TimeSpan.FromSeconds(30)).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program
        }
    }
}
