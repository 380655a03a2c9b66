using DotGym.Cli;
using DotGym.Runtime;
using Onnx;

namespace DotGym.Export.Tests;

/// <summary>`dotgym export` on a short `dotgym train` run: both formats, the defaults, and clear failures that write nothing.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dotgym-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_root, name);

    private string TrainedRun()
    {
        string run = Path("run");
        Assert.Equal(0, Program.Main(["train", "--env", "CartPole-v1", "--steps", "1024", "--seed", "2", "--device", "cpu", "--eval-episodes", "1", "--no-progress", "--out", run]));
        return run;
    }

    [Fact]
    public void ExportWritesBothFormatsAndThePolicyFileActsAsTheAgent()
    {
        string run = TrainedRun();
        Assert.Equal(0, Program.Main(["export", run]));
        string defaultFile = System.IO.Path.Combine(run, "policy.dgpolicy");
        var policy = RuntimePolicy.Load(defaultFile);
        Assert.Equal(4, policy.ObservationLength);
        Assert.Equal("Discrete(2)", policy.Model.ActionSpace);

        Assert.Equal(0, Program.Main(["export", run, "--out", Path("cartpole.onnx")]));         // the extension picks ONNX
        Assert.Equal(13, ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path("cartpole.onnx"))).OpsetImport[0].Version);
        Assert.Equal(0, Program.Main(["export", System.IO.Path.Combine(run, "model.ckpt"), "--format", "onnx", "--opset", "15", "--out", Path("o15.bin")]));
        Assert.Equal(15, ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path("o15.bin"))).OpsetImport[0].Version);

        // The exported file acts as the trained agent does.
        using var agent = DotGym.Agents.Agent.Load(System.IO.Path.Combine(run, "model.ckpt"), () => DotGym.Registration.Gym.Make("CartPole-v1"));
        var random = new System.Random(4);
        for (int i = 0; i < 50; i++)
        {
            float[] obs = [(float)(random.NextDouble() - 0.5), (float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 0.4 - 0.2), (float)(random.NextDouble() * 2 - 1)];
            Assert.Equal(agent.Predict<float[], int>(obs), policy.Act(obs));
        }
        var (onnxOutput, onnxActions, _) = ExportParityTests.OnnxForward(Path("cartpole.onnx"), [0.01f, 0.2f, -0.03f, -0.1f], 1, 4, discrete: true);
        Assert.Equal(policy.Act([0.01f, 0.2f, -0.03f, -0.1f]), onnxActions![0]);
        Assert.Equal(2, onnxOutput.Length);
    }

    [Fact]
    public void BadArgumentsFailWithExitCodeTwoAndWriteNothing()
    {
        Assert.Equal(2, Program.Main(["export", Path("no-such-run")]));
        Directory.CreateDirectory(Path("not-a-run"));
        Assert.Equal(2, Program.Main(["export", Path("not-a-run"), "--out", Path("x.dgpolicy")]));
        Assert.False(File.Exists(Path("x.dgpolicy")));
        string run = TrainedRun();
        Assert.Equal(2, Program.Main(["export", run, "--format", "onnx", "--opset", "17", "--out", Path("y.onnx")]));
        Assert.Equal(2, Program.Main(["export", run, "--out", Path("missing-folder/z.onnx")]));
        Assert.NotEqual(0, Program.Main(["export", run, "--format", "tflite"]));
        Assert.False(File.Exists(Path("y.onnx")));
        Assert.Empty(Directory.GetFiles(_root));
    }
}
