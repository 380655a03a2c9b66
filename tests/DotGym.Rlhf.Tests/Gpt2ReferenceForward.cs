namespace DotGym.Rlhf.Tests;

/// <summary>
/// GPT-2's forward pass written out in plain C# (double precision, no TorchSharp) from a GPT-2-named state dict with
/// Hugging Face's semantics: Conv1D computes x·W + b with W stored [in, out], GELU is the tanh approximation
/// ("gelu_new"), LayerNorm eps 1e-5, logits = ln_f(h)·wteᵀ. An independent check that the model and the weight mapping
/// mean what GPT-2 means (a wrong transpose of a square matrix, such as attn.c_proj, would pass a round trip).
/// </summary>
internal static class Gpt2ReferenceForward
{
    public static double[,] Logits(IReadOnlyDictionary<string, float[]> w, int layers, int heads, int width, int vocab, int[] ids)
    {
        int time = ids.Length, headDim = width / heads;
        var h = new double[time, width];
        for (int t = 0; t < time; t++)
            for (int c = 0; c < width; c++)
                h[t, c] = w["wte.weight"][ids[t] * width + c] + w["wpe.weight"][t * width + c];

        for (int layer = 0; layer < layers; layer++)
        {
            string p = $"h.{layer}.";
            var a = LayerNorm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"]);
            var qkv = Conv1D(a, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"], 3 * width);
            var y = new double[time, width];
            for (int head = 0; head < heads; head++)
            {
                int q0 = head * headDim, k0 = width + head * headDim, v0 = 2 * width + head * headDim;
                for (int i = 0; i < time; i++)
                {
                    var scores = new double[i + 1];
                    for (int j = 0; j <= i; j++)
                    {
                        double dot = 0;
                        for (int d = 0; d < headDim; d++) dot += qkv[i, q0 + d] * qkv[j, k0 + d];
                        scores[j] = dot / Math.Sqrt(headDim);
                    }
                    double max = scores.Max(), sum = scores.Sum(s => Math.Exp(s - max));
                    for (int j = 0; j <= i; j++)
                    {
                        double weight = Math.Exp(scores[j] - max) / sum;
                        for (int d = 0; d < headDim; d++) y[i, q0 + d] += weight * qkv[j, v0 + d];
                    }
                }
            }
            Add(h, Conv1D(y, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"], width));
            var m = LayerNorm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"]);
            var f = Conv1D(m, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"], 4 * width);
            for (int t = 0; t < time; t++)
                for (int c = 0; c < 4 * width; c++)
                {
                    double x = f[t, c];
                    f[t, c] = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                }
            Add(h, Conv1D(f, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"], width));
        }

        var final = LayerNorm(h, w["ln_f.weight"], w["ln_f.bias"]);
        var logits = new double[time, vocab];
        for (int t = 0; t < time; t++)
            for (int v = 0; v < vocab; v++)
            {
                double dot = 0;
                for (int c = 0; c < width; c++) dot += final[t, c] * w["wte.weight"][v * width + c];
                logits[t, v] = dot;
            }
        return logits;
    }

    private static double[,] Conv1D(double[,] x, float[] weight, float[] bias, int outWidth)
    {
        int time = x.GetLength(0), inWidth = x.GetLength(1);
        var y = new double[time, outWidth];
        for (int t = 0; t < time; t++)
            for (int o = 0; o < outWidth; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < inWidth; i++) sum += x[t, i] * weight[i * outWidth + o]; // W is [in, out]
                y[t, o] = sum;
            }
        return y;
    }

    private static double[,] LayerNorm(double[,] x, float[] gain, float[] bias)
    {
        int time = x.GetLength(0), width = x.GetLength(1);
        var y = new double[time, width];
        for (int t = 0; t < time; t++)
        {
            double mean = 0, variance = 0;
            for (int c = 0; c < width; c++) mean += x[t, c];
            mean /= width;
            for (int c = 0; c < width; c++) variance += (x[t, c] - mean) * (x[t, c] - mean);
            variance /= width;
            for (int c = 0; c < width; c++) y[t, c] = (x[t, c] - mean) / Math.Sqrt(variance + 1e-5) * gain[c] + bias[c];
        }
        return y;
    }

    private static void Add(double[,] h, double[,] delta)
    {
        for (int t = 0; t < h.GetLength(0); t++)
            for (int c = 0; c < h.GetLength(1); c++) h[t, c] += delta[t, c];
    }
}
