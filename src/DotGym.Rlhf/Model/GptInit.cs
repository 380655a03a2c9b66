namespace DotGym.Rlhf.Model;

/// <summary>GPT-2's initialisation constants.</summary>
internal static class GptInit
{
    /// <summary>GPT-2 draws every weight matrix and embedding from normal(0, 0.02); biases start at 0, LayerNorms at 1/0.</summary>
    public const double Std = 0.02;

    /// <summary>GPT-2's LayerNorm epsilon (so loaded GPT-2 weights give GPT-2's activations).</summary>
    public const double LayerNormEps = 1e-5;

    /// <summary>
    /// The projections that write into the residual stream use 0.02/√(2·n_layer) (GPT-2 paper, §2.3), so the stream's
    /// variance does not grow with depth: each of the 2·n_layer residual branches adds its share.
    /// </summary>
    public static double ResidualStd(GptConfig config) => Std / Math.Sqrt(2.0 * config.Layers);
}
