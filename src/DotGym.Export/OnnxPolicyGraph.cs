using DotGym.Runtime;
using Onnx;

namespace DotGym.Export;

/// <summary>
/// A <see cref="PolicyModel"/> as an ONNX model: the computation <see cref="RuntimePolicy"/> runs, written with ONNX
/// operators every runtime of opset 13 knows (ONNX Runtime, Unity Sentis before 2.6 reads opsets 7 to 15, Godot).
/// <code>
/// observation [batch, W] float  (flattened observation; one-hot for Discrete observations)
///   Sub(mean) → Div(sqrt(var + eps)) → Clip(-clip, clip)        when the agent normalised observations
///   Gemm(W_k, b_k, transB) → Tanh | Relu … → Gemm               the actor MLP
///   → logits [batch, Σn] (discrete)  |  mean [batch, D] (continuous)          second output
///   → action [batch, C] int64: ArgMax per component (+ the space's start)
///   | action [batch, D] float: Max(low) → Min(high) when the agent clipped actions
/// </code>
/// The normalisation runs in float32 here (float64 in the runtime): outputs agree to about 1e-6.
/// </summary>
public static class OnnxPolicyGraph
{
    /// <summary>The opset the exporter writes (13 to 15 are accepted).</summary>
    public const int DefaultOpset = 13;

    /// <summary>The ONNX IR version written (IR 8 goes with opsets 13 to 17).</summary>
    public const long IrVersion = 8;

    /// <summary>Name of the input.</summary>
    public const string ObservationInput = "observation";

    /// <summary>Name of the action output.</summary>
    public const string ActionOutput = "action";

    /// <summary>Name of the raw network output of a discrete policy.</summary>
    public const string LogitsOutput = "logits";

    /// <summary>Name of the raw network output of a continuous policy.</summary>
    public const string MeanOutput = "mean";

    /// <summary>Builds the ONNX model of <paramref name="policy"/>.</summary>
    public static ModelProto Build(PolicyModel policy, int opset = DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (opset is < 13 or > 15) throw new ArgumentOutOfRangeException(nameof(opset), opset, "The exporter writes opset 13, 14 or 15 (Unity Sentis before 2.6 reads up to 15).");
        var graph = new GraphProto { Name = "dotgym_policy" };
        graph.Input.Add(Tensor(ObservationInput, TensorProto.Types.DataType.Float, policy.ObservationWidth));

        string x = ObservationInput;
        if (policy.Normalization is { } n)
        {
            var std = new float[n.Mean.Length];
            for (int j = 0; j < std.Length; j++) std[j] = (float)Math.Sqrt(n.Variance[j] + n.Epsilon);
            graph.Initializer.Add(Floats("obs_mean", n.Mean.Select(v => (float)v).ToArray(), n.Mean.Length));
            graph.Initializer.Add(Floats("obs_std", std, std.Length));
            graph.Node.Add(Node("Sub", [x, "obs_mean"], "obs_centered"));
            graph.Node.Add(Node("Div", ["obs_centered", "obs_std"], "obs_scaled"));
            x = "obs_scaled";
            if (!double.IsPositiveInfinity(n.Clip))
            {
                graph.Initializer.Add(Floats("obs_clip_min", [(float)-n.Clip]));
                graph.Initializer.Add(Floats("obs_clip_max", [(float)n.Clip]));
                graph.Node.Add(Node("Clip", [x, "obs_clip_min", "obs_clip_max"], "obs_normalized"));
                x = "obs_normalized";
            }
        }

        var head = policy.Head;
        string raw = head.IsDiscrete ? LogitsOutput : MeanOutput;
        for (int k = 0; k < policy.Layers.Count; k++)
        {
            var layer = policy.Layers[k];
            bool last = k == policy.Layers.Count - 1;
            graph.Initializer.Add(Floats($"actor_{k}_weight", layer.Weights, layer.Outputs, layer.Inputs));
            graph.Initializer.Add(Floats($"actor_{k}_bias", layer.Bias, layer.Outputs));
            string linear = last ? raw : $"actor_{k}_linear";
            graph.Node.Add(Node("Gemm", [x, $"actor_{k}_weight", $"actor_{k}_bias"], linear, IntAttribute("transB", 1)));
            x = linear;
            if (layer.Activation != PolicyActivation.None)
            {
                graph.Node.Add(Node(layer.Activation == PolicyActivation.Relu ? "Relu" : "Tanh", [x], $"actor_{k}_act"));
                x = $"actor_{k}_act";
            }
        }
        if (x != raw) throw new NotSupportedException("The last layer of an exported policy has an activation; the runtime's policies end with a linear layer.");

        if (head.IsDiscrete) AddArgMaxHead(graph, head);
        else AddContinuousHead(graph, head);
        graph.Output.Add(head.IsDiscrete
            ? Tensor(ActionOutput, TensorProto.Types.DataType.Int64, head.ActionLength)
            : Tensor(ActionOutput, TensorProto.Types.DataType.Float, head.ActionLength));
        graph.Output.Add(Tensor(raw, TensorProto.Types.DataType.Float, head.InputWidth));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DotGym.Export",
            ProducerVersion = typeof(OnnxPolicyGraph).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = policy.Describe(),
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        Metadata(model, "dotgym_producer", policy.Producer);
        Metadata(model, "dotgym_observation_space", policy.ObservationSpace);
        Metadata(model, "dotgym_action_space", policy.ActionSpace);
        Metadata(model, "dotgym_observation_encoding", policy.Encoding == ObservationEncoding.OneHotIndex ? $"one-hot index, start {policy.ObservationStart}" : "floats");
        string logStd = string.Join(",", head.LogStd.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        if (head.Kind == ActionHeadKind.Continuous) Metadata(model, "dotgym_log_std", logStd);
        if (head.Kind == ActionHeadKind.StateDependentContinuous)
        {
            // gSDE: std_j = sqrt(sum_k f_k^2 exp(2 L[k, j]) + 1e-6), f the last layer's input; the graph computes the mean.
            Metadata(model, "dotgym_sde_features", head.NoiseFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Metadata(model, "dotgym_sde_log_std", logStd);
        }
        return model;
    }

    private static void AddArgMaxHead(GraphProto graph, ActionHead head)
    {
        bool anyStart = head.Starts.Any(s => s != 0);
        string indices = anyStart ? "action_index" : ActionOutput;
        if (head.Choices.Length == 1)
            graph.Node.Add(Node("ArgMax", [LogitsOutput], indices, IntAttribute("axis", 1), IntAttribute("keepdims", 1)));
        else
        {
            var parts = new string[head.Choices.Length];
            int offset = 0;
            for (int c = 0; c < parts.Length; c++)
            {
                graph.Initializer.Add(Int64s($"component_{c}_begin", [offset]));
                graph.Initializer.Add(Int64s($"component_{c}_end", [offset + head.Choices[c]]));
                graph.Node.Add(Node("Slice", [LogitsOutput, $"component_{c}_begin", $"component_{c}_end", "component_axis"], $"component_{c}_logits"));
                graph.Node.Add(Node("ArgMax", [$"component_{c}_logits"], $"component_{c}_index", IntAttribute("axis", 1), IntAttribute("keepdims", 1)));
                parts[c] = $"component_{c}_index";
                offset += head.Choices[c];
            }
            graph.Initializer.Add(Int64s("component_axis", [1]));
            graph.Node.Add(Node("Concat", parts, indices, IntAttribute("axis", 1)));
        }
        if (anyStart)
        {
            graph.Initializer.Add(Int64s("action_start", head.Starts.Select(s => (long)s).ToArray()));
            graph.Node.Add(Node("Add", [indices, "action_start"], ActionOutput));
        }
    }

    private static void AddContinuousHead(GraphProto graph, ActionHead head)
    {
        if (!head.ClipToBounds)
        {
            graph.Node.Add(Node("Identity", [MeanOutput], ActionOutput));
            return;
        }
        graph.Initializer.Add(Floats("action_low", head.Low.Select(v => (float)v).ToArray(), head.Low.Length));
        graph.Initializer.Add(Floats("action_high", head.High.Select(v => (float)v).ToArray(), head.High.Length));
        graph.Node.Add(Node("Max", [MeanOutput, "action_low"], "action_above_low"));
        graph.Node.Add(Node("Min", ["action_above_low", "action_high"], ActionOutput));
    }

    private static void Metadata(ModelProto model, string key, string value)
    {
        if (value.Length > 0) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op.ToLowerInvariant() };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float tensor of shape <paramref name="dims"/> (a scalar without dims).</summary>
    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims.Length == 0 ? [] : dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static TensorProto Int64s(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A <c>[batch, width]</c> tensor's type, batch symbolic.</summary>
    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, int width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)type,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "batch" },
                        new TensorShapeProto.Types.Dimension { DimValue = width },
                    },
                },
            },
        },
    };
}
