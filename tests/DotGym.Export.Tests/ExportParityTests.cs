using DotGym.Agents;
using DotGym.Agents.Policies;
using DotGym.Runtime;
using DotGym.Spaces;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace DotGym.Export.Tests;

/// <summary>
/// The exported policy computes what the trained one does: on random observations (some far outside the training
/// statistics, so the normaliser clips), the TorchSharp policy (the agent's own normaliser, network and mode), the
/// DotGym policy file run by DotGym.Runtime, and the ONNX file run by ONNX Runtime give outputs within 1e-5 and the
/// same actions, for each action head with observation normalisation on; the agent's Predict gives the runtime's actions.
/// "Within 1e-5" is absolute up to magnitude 1 and relative above (float32 resolves 130.7 only to 1.5e-5).
/// </summary>
public sealed class ExportParityTests : IDisposable
{
    private const double Tolerance = 1e-5;
    private const int Rows = 64;
    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Abs(b));

    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0, "tanh")]
    [InlineData(1, "tanh")]
    [InlineData(2, "tanh")]
    [InlineData(0, "relu")]
    [InlineData(2, "relu")]
    [InlineData(2, "tanh", true)]
    public void TorchSharpRuntimeAndOnnxRuntimeAgreeForEachActionHead(int headIndex, string activation, bool useSde = false)
    {
        var actionSpace = ExportFixtures.ActionSpaces[headIndex];
        using var agent = ExportFixtures.Trained(actionSpace, normalize: true, activation, useSde: useSde);
        var model = agent.ToPolicyModel();
        Assert.Equal(useSde ? ActionHeadKind.StateDependentContinuous : headIndex == 2 ? ActionHeadKind.Continuous : model.Head.Kind, model.Head.Kind);
        if (useSde) Assert.Equal(8, model.Head.NoiseFeatures); // the last hidden width
        Assert.NotNull(model.Normalization);
        Assert.InRange(model.Normalization!.Mean[3], 80, 120); // the normaliser learnt the env's offset of 100

        string policyPath = Path.Combine(_folder, "policy.dgpolicy"), onnxPath = Path.Combine(_folder, "policy.onnx");
        PolicyExport.Export(agent, PolicyExportFormat.DotGym, policyPath);
        PolicyExport.Export(agent, PolicyExportFormat.Onnx, onnxPath);
        var runtime = RuntimePolicy.Load(policyPath);

        int d = runtime.ObservationLength, width = runtime.OutputLength, actionLength = runtime.ActionLength;
        var observations = ExportFixtures.Observations(Rows, seed: headIndex);
        var (torchOutput, torchMode) = TorchSharpForward(agent, observations, Rows);
        var (onnxOutput, onnxLongActions, onnxFloatActions) = OnnxForward(onnxPath, observations, Rows, d, runtime.IsDiscrete);

        var head = model.Head;
        var distinctActions = new HashSet<string>();
        int clipped = 0;
        for (int r = 0; r < Rows; r++)
        {
            var obs = observations.AsSpan(r * d, d);
            var output = runtime.Forward(obs).ToArray();
            for (int k = 0; k < width; k++)
            {
                Assert.True(Close(output[k], torchOutput[r * width + k]), $"row {r} output {k}: runtime {output[k]}, TorchSharp {torchOutput[r * width + k]}");
                Assert.True(Close(output[k], onnxOutput[r * width + k]), $"row {r} output {k}: runtime {output[k]}, ONNX Runtime {onnxOutput[r * width + k]}");
            }
            if (runtime.IsDiscrete)
            {
                var action = new int[actionLength];
                runtime.Act(obs, action);
                for (int c = 0; c < actionLength; c++)
                {
                    Assert.Equal(torchMode[r * actionLength + c] + head.Starts[c], action[c]);
                    Assert.Equal(action[c], onnxLongActions![r * actionLength + c]);
                }
                int[] predicted = actionSpace is Discrete ? [agent.Predict<float[], int>(obs.ToArray())] : agent.Predict<float[], int[]>(obs.ToArray());
                Assert.Equal(action, predicted);
                distinctActions.Add(string.Join(",", action));
            }
            else
            {
                var action = new float[actionLength];
                runtime.Act(obs, action);
                for (int c = 0; c < actionLength; c++)
                {
                    double mean = torchMode[r * actionLength + c], expected = Math.Clamp(mean, head.Low[c], head.High[c]);
                    if (expected != mean) clipped++;
                    Assert.True(Close(action[c], expected), $"row {r} action {c}: runtime {action[c]}, TorchSharp {expected}");
                    Assert.True(Close(action[c], onnxFloatActions![r * actionLength + c]), $"row {r} action {c}: runtime {action[c]}, ONNX Runtime {onnxFloatActions[r * actionLength + c]}");
                }
                Assert.Equal(action, agent.Predict<float[], float[]>(obs.ToArray()));
            }
        }
        // Not vacuous: the argmax picks different actions, and the clip acts on some means.
        if (runtime.IsDiscrete) Assert.True(distinctActions.Count >= 3, $"only {distinctActions.Count} distinct actions over {Rows} observations");
        else Assert.True(clipped > 0, "no mean was outside the action bounds");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DiscreteObservationsAreOneHotInEveryImplementation(bool normalize)
    {
        using var agent = ExportFixtures.Train(() => new IndexStates(), normalize);
        string policyPath = Path.Combine(_folder, "index.dgpolicy"), onnxPath = Path.Combine(_folder, "index.onnx");
        PolicyExport.Export(agent, PolicyExportFormat.DotGym, policyPath);
        PolicyExport.Export(agent, PolicyExportFormat.Onnx, onnxPath);
        var runtime = RuntimePolicy.Load(policyPath);
        Assert.Equal(ObservationEncoding.OneHotIndex, runtime.Model.Encoding);
        Assert.Equal(7, runtime.ObservationLength);

        var oneHots = new float[7 * 7];
        for (int s = 0; s < 7; s++) oneHots[s * 7 + s] = 1;
        var (onnxOutput, onnxActions, _) = OnnxForward(onnxPath, oneHots, 7, 7, discrete: true);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // TorchSharp reads what training stored: indices (one-hot inside the MLP), or normalised one-hot floats.
        Tensor input = agent.Policy.Observation.Kind == ObservationKind.Index ? tensor(Enumerable.Range(0, 7).Select(i => (long)i).ToArray()) : Normalized(agent, oneHots, 7);
        var torchOutput = agent.Policy.Network.ActorOutput(input).data<float>().ToArray();
        var torchMode = agent.Policy.Mode(input, null).data<long>().ToArray();
        for (int s = 0; s < 7; s++)
        {
            var output = runtime.Forward(runtime.OneHot(3 + s)).ToArray();
            for (int k = 0; k < 3; k++)
            {
                Assert.True(Close(output[k], torchOutput[s * 3 + k]));
                Assert.True(Close(output[k], onnxOutput[s * 3 + k]));
            }
            int action = runtime.Act(runtime.OneHot(3 + s));
            Assert.Equal(torchMode[s] - 1, action);
            Assert.Equal(action, onnxActions![s]);
            Assert.Equal(action, agent.Predict<int, int>(3 + s));
        }
    }

    private static Tensor Normalized(Agent agent, float[] observations, int rows)
    {
        var normalized = (float[])observations.Clone();
        agent.ObservationNormalizer?.Apply(normalized, rows, update: false);
        return tensor(normalized, [rows, observations.Length / rows]);
    }

    /// <summary>The agent's own computation: its normaliser, its network's actor output and its distribution's mode.</summary>
    private static (float[] Output, double[] Mode) TorchSharpForward(Agent agent, float[] observations, int rows)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = Normalized(agent, observations, rows);
        var output = agent.Policy.Network.ActorOutput(input).data<float>().ToArray();
        var mode = agent.Policy.Mode(input, null);
        double[] modes = mode.dtype == ScalarType.Int64 ? mode.data<long>().ToArray().Select(v => (double)v).ToArray() : mode.data<float>().ToArray().Select(v => (double)v).ToArray();
        return (output, modes);
    }

    internal static (float[] Output, long[]? LongActions, float[]? FloatActions) OnnxForward(string path, float[] observations, int rows, int width, bool discrete)
    {
        using var session = new InferenceSession(path);
        var input = new DenseTensor<float>(observations, [rows, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxPolicyGraph.ObservationInput, input)]);
        var raw = results.Single(r => r.Name == (discrete ? OnnxPolicyGraph.LogitsOutput : OnnxPolicyGraph.MeanOutput)).AsEnumerable<float>().ToArray();
        var action = results.Single(r => r.Name == OnnxPolicyGraph.ActionOutput);
        return discrete ? (raw, action.AsEnumerable<long>().ToArray(), null) : (raw, null, action.AsEnumerable<float>().ToArray());
    }
}
