using DotGym.Agents.Training;
using DotGym.Runtime;
using TorchSharp;
using DotGym.Spaces;
using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// A policy as the dependency-free runtime's <see cref="PolicyModel"/>: the observation's flat float form (one-hot
/// for Discrete observations), the frozen normaliser, the actor MLP and the action head. Only <see cref="MlpPolicy"/>
/// networks have this form.
/// </summary>
internal static class RuntimeModels
{
    /// <summary>Whether <paramref name="policy"/> has a runtime form.</summary>
    public static bool Supports(Policy policy) => policy.Network is MlpPolicy;

    /// <summary>A copy of <paramref name="policy"/>'s current parameters and statistics.</summary>
    public static PolicyModel Build(Policy policy, string producer)
    {
        var mlp = policy.Network as MlpPolicy ?? throw new NotSupportedException(
            $"The policy network {TypeNames.Of(policy.Network.GetType())} is not an MlpPolicy: the runtime and the exporters handle MLP policies only. Train with the default network to export.");
        int width = policy.Observation.FlatSize;
        var encoding = policy.ObservationSpace is Discrete ? ObservationEncoding.OneHotIndex : ObservationEncoding.Floats;
        int start = policy.ObservationSpace is Discrete discrete ? discrete.Start : 0;

        ObservationNormalization? normalization = null;
        if (policy.Normalizer is { } normalizer)
            normalization = new ObservationNormalization((double[])normalizer.Statistics.Mean.Clone(), (double[])normalizer.Statistics.Var.Clone(),
                ObservationNormalizer.Epsilon, normalizer.Clip);

        var linears = mlp.ActorLayers;
        var hidden = mlp.Activation == "relu" ? PolicyActivation.Relu : PolicyActivation.Tanh;
        var layers = new DenseLayer[linears.Count];
        for (int k = 0; k < linears.Count; k++)
        {
            var weight = linears[k].weight!;
            int outputs = (int)weight.shape[0], inputs = (int)weight.shape[1];
            layers[k] = new DenseLayer(inputs, outputs, Copy(weight, new float[inputs * outputs]), Copy(linears[k].bias!, new float[outputs]),
                k == linears.Count - 1 ? PolicyActivation.None : hidden);
        }

        var layout = policy.Layout;
        ActionHead head = layout.Kind switch
        {
            ActionKind.Categorical => ActionHead.Discrete(layout.Categories[0], ((Discrete)policy.ActionSpace).Start),
            ActionKind.MultiCategorical => ActionHead.MultiDiscrete(layout.Categories, ((MultiDiscrete)policy.ActionSpace).Start.ToArray()),
            _ when policy.UsesStateDependentNoise => ActionHead.StateDependentContinuous(layout.Low, layout.High,
                Copy(policy.Network.LogStd!, new float[policy.Network.LogStd!.numel()]), (int)policy.Network.LogStd!.shape[0], policy.ClipActions),
            _ => ActionHead.Continuous(layout.Low, layout.High, Copy(policy.Network.LogStd!, new float[layout.ActionWidth]), policy.ClipActions),
        };
        return new PolicyModel(encoding, width, normalization, layers, head,
            policy.ObservationSpace.ToString() ?? "", policy.ActionSpace.ToString() ?? "", producer, start);
    }

    /// <summary>Copies <paramref name="policy"/>'s current parameters and statistics into <paramref name="model"/>'s arrays (built by <see cref="Build"/>).</summary>
    public static void Refresh(PolicyModel model, Policy policy)
    {
        var linears = ((MlpPolicy)policy.Network).ActorLayers;
        for (int k = 0; k < linears.Count; k++)
        {
            _ = Copy(linears[k].weight!, model.Layers[k].Weights);
            _ = Copy(linears[k].bias!, model.Layers[k].Bias);
        }
        if (policy.Network.LogStd is { } logStd) _ = Copy(logStd, model.Head.LogStd);
        if (policy.Normalizer is { } normalizer && model.Normalization is { } normalization)
        {
            normalizer.Statistics.Mean.CopyTo(normalization.Mean, 0);
            normalizer.Statistics.Var.CopyTo(normalization.Variance, 0);
        }
    }

    private static float[] Copy(Tensor parameter, float[] destination)
    {
        var source = parameter.device_type == DeviceType.CPU ? parameter : parameter.cpu();
        source.data<float>().CopyTo(destination);
        if (!ReferenceEquals(source, parameter)) source.Dispose();
        return destination;
    }
}
