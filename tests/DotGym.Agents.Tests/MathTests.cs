using DotGym.Agents.Policies;
using DotGym.Agents.Training;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests;

/// <summary>Estimators and loss terms against values computed by hand (shown in the comments).</summary>
public class MathTests
{
    private const double Tol = 1e-6;

    private static (float[] Adv, float[] Ret) Gae(double[] rewards, float[] values, float[] last, bool[] term, bool[] trunc, bool[]? transition = null, int envs = 1, double gamma = 0.5, double lambda = 0.5)
    {
        var adv = new float[rewards.Length];
        var ret = new float[rewards.Length];
        transition ??= Enumerable.Repeat(true, rewards.Length).ToArray();
        Advantages.Gae(rewards, values, last, term, trunc, transition, envs, gamma, lambda, adv, ret);
        return (adv, ret);
    }

    [Fact]
    public void GaeWithoutEpisodeEnds()
    {
        // gamma = lambda = 0.5, r = [1, 2, 3], V = [0.5, 1, 1.5], V(s_3) = 2
        // d2 = 3 + 0.5*2 - 1.5 = 2.5           A2 = 2.5
        // d1 = 2 + 0.5*1.5 - 1 = 1.75          A1 = 1.75 + 0.25*2.5 = 2.375
        // d0 = 1 + 0.5*1 - 0.5 = 1             A0 = 1 + 0.25*2.375 = 1.59375
        var (adv, ret) = Gae([1, 2, 3], [0.5f, 1f, 1.5f], [2f], [false, false, false], [false, false, false]);
        Assert.Equal([1.59375f, 2.375f, 2.5f], adv);
        Assert.Equal([2.09375f, 3.375f, 4.0f], ret);
    }

    [Fact]
    public void GaeBootstrapsZeroAfterTermination()
    {
        // terminated at t=1: d1 = 2 - 1 = 1, A1 = 1; A0 = 1 + 0.25*1 = 1.25. t=2 starts a new episode: A2 = 2.5.
        var (adv, _) = Gae([1, 2, 3], [0.5f, 1f, 1.5f], [2f], [false, true, false], [false, false, false]);
        Assert.Equal([1.25f, 1f, 2.5f], adv);
    }

    [Fact]
    public void GaeBootstrapsTheFinalObservationValueAfterTruncation()
    {
        // truncated at t=1; in next-step form t=2 is the autoreset step whose stored value 1.5 = V(final obs):
        // d1 = 2 + 0.5*1.5 - 1 = 1.75, A1 = 1.75 (no continuation); A0 = 1 + 0.25*1.75 = 1.4375; A2 = 0 (not a transition).
        var (adv, ret) = Gae([1, 2, 0], [0.5f, 1f, 1.5f], [2f], [false, false, false], [false, true, false], [true, true, false]);
        Assert.Equal([1.4375f, 1.75f, 0f], adv);
        Assert.Equal([1.9375f, 2.75f, 0f], ret);
    }

    [Fact]
    public void GaeKeepsEnvsApartInTheTimeMajorLayout()
    {
        // Two envs interleaved [t0e0, t0e1, t1e0, t1e1]; gamma = 1, lambda = 1 (Monte-Carlo returns with bootstrap).
        // env 0: r = [1, 1], V = [0, 0], V(s2) = 10 -> A = [12, 11]; env 1: r = [2, 0], terminated at t0 -> A0 = 2, t1: A = 0 + 5 - 0 = 5.
        var (adv, _) = Gae([1, 2, 1, 0], [0f, 0f, 0f, 0f], [10f, 5f], [false, true, false, false], [false, false, false, false], envs: 2, gamma: 1, lambda: 1);
        Assert.Equal([12f, 2f, 11f, 5f], adv);
    }

    [Fact]
    public void LambdaOneGivesNStepReturns()
    {
        // gamma 0.9, lambda 1: R0 = 1 + 0.9*1 + 0.81*5 = 5.95, R1 = 1 + 0.9*5 = 5.5 (V cancels out of the returns).
        var (_, ret) = Gae([1, 1], [3f, 4f], [5f], [false, false], [false, false], gamma: 0.9, lambda: 1);
        Assert.Equal(5.95, ret[0], 5);
        Assert.Equal(5.5, ret[1], 5);
    }

    [Fact]
    public void DiscountedReturns()
    {
        var g = new double[3];
        Advantages.DiscountedReturns([1, 1, 1], 0.9, 0, g); // [1 + .9 + .81, 1 + .9, 1]
        Assert.Equal(2.71, g[0], 12);
        Assert.Equal(1.9, g[1], 12);
        Assert.Equal(1.0, g[2], 12);
        Advantages.DiscountedReturns([1, 1, 1], 0.9, 10, g); // bootstrap 10 is a fixed point of 1 + 0.9 G
        Assert.All(g, v => Assert.Equal(10.0, v, 12));
    }

    [Fact]
    public void ExplainedVariance()
    {
        Assert.Equal(1.0, Advantages.ExplainedVariance([1f, 2f, 3f], [1f, 2f, 3f]), 12);
        Assert.Equal(0.0, Advantages.ExplainedVariance([2f, 2f, 2f], [1f, 2f, 3f]), 12); // a constant predicts nothing
        Assert.True(double.IsNaN(Advantages.ExplainedVariance([1f, 2f], [3f, 3f])));
    }

    [Fact]
    public void ClippedSurrogate()
    {
        // ratio [0.5, 1, 1.5], A [1, -1, 2], eps 0.2:
        // max(-0.5, -0.8) = -0.5;  max(1, 1) = 1;  max(-3, -2.4) = -2.4;  mean = -1.9 / 3
        using var loss = PolicyLosses.ClippedSurrogate(tensor(new float[] { 0.5f, 1f, 1.5f }), tensor(new float[] { 1f, -1f, 2f }), 0.2);
        Assert.Equal(-1.9 / 3, loss.item<float>(), Tol);
    }

    [Fact]
    public void ClippedValueLoss()
    {
        // V [1, 2], V_old [0.5, 2.5], R [2, 2], eps 0.2:
        // (1-2)^2 = 1 vs (0.5+0.2-2)^2 = 1.69 -> 1.69;  (2-2)^2 = 0 vs (2.5-0.2-2)^2 = 0.09 -> 0.09;  0.5 * mean = 0.445
        using var loss = PolicyLosses.ClippedValueLoss(tensor(new float[] { 1f, 2f }), tensor(new float[] { 0.5f, 2.5f }), tensor(new float[] { 2f, 2f }), 0.2);
        Assert.Equal(0.445, loss.item<float>(), Tol);
        using var plain = PolicyLosses.ValueLoss(tensor(new float[] { 1f, 2f }), tensor(new float[] { 2f, 2f }));
        Assert.Equal(0.25, plain.item<float>(), Tol); // 0.5 * mean(1, 0)
    }

    [Fact]
    public void ApproxKlAndClipFraction()
    {
        // log ratio ln 2: (2 - 1) - ln 2 = 0.306853; ratios [2, 1.1, 0.7] with eps 0.2 -> 2 of 3 clipped
        using var kl = PolicyLosses.ApproxKl(tensor(new float[] { (float)Math.Log(2) }));
        Assert.Equal(1 - Math.Log(2), kl.item<float>(), Tol);
        using var fraction = PolicyLosses.ClipFraction(tensor(new float[] { 2f, 1.1f, 0.7f }), 0.2);
        Assert.Equal(2.0 / 3, fraction.item<float>(), Tol);
    }

    [Fact]
    public void CategoricalLogProbAndEntropy()
    {
        // logits [0, ln 3] -> p = [1/4, 3/4]; log p(1) = ln 0.75; H = -(0.25 ln 0.25 + 0.75 ln 0.75) = 0.5623351
        using var logits = tensor(new float[] { 0f, (float)Math.Log(3) }).reshape(1, 2);
        using var lp = Categorical.LogProb(logits, tensor(new long[] { 1 }));
        Assert.Equal(Math.Log(0.75), lp.item<float>(), Tol);
        using var h = Categorical.Entropy(logits);
        Assert.Equal(-(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75)), h.item<float>(), Tol);
    }

    [Fact]
    public void MaskedCategoricalIgnoresIllegalActions()
    {
        // A third, illegal action with a huge logit changes nothing: same log p(1) and entropy as [0, ln 3].
        using var logits = tensor(new float[] { 0f, (float)Math.Log(3), 5f }).reshape(1, 3);
        using var mask = tensor(new byte[] { 1, 1, 0 }).reshape(1, 3);
        var masked = Categorical.Mask(logits, mask);
        Assert.Equal(Math.Log(0.75), Categorical.LogProb(masked, tensor(new long[] { 1 })).item<float>(), Tol);
        Assert.Equal(0.5623351, Categorical.Entropy(masked).item<float>(), Tol);
        Assert.True(Categorical.LogProb(masked, tensor(new long[] { 2 })).item<float>() < -1e7); // illegal: probability 0
        using var generator = new Generator(3);
        var draws = Categorical.Sample(masked.expand(1000, 3), generator);
        Assert.Equal(0, draws.eq(2).sum().item<long>());
    }

    [Fact]
    public void GaussianLogProbAndEntropy()
    {
        // mu 0, sigma 2, a 3: z = 1.5; log p = -1.125 - ln 2 - ln(2 pi)/2 = -2.7370857
        // H = 1/2 + ln(2 pi)/2 + ln 2 = 2.1120857 per dimension (two dimensions: sum)
        using var mean = zeros(1, 2);
        using var logStd = full(1, 2, Math.Log(2));
        using var action = tensor(new float[] { 3f, -3f }).reshape(1, 2);
        double expected = -1.125 - Math.Log(2) - 0.5 * Math.Log(2 * Math.PI);
        Assert.Equal(2 * expected, DiagonalGaussian.LogProb(mean, logStd, action).item<float>(), 1e-5);
        Assert.Equal(2 * (0.5 + 0.5 * Math.Log(2 * Math.PI) + Math.Log(2)), DiagonalGaussian.Entropy(mean, logStd).item<float>(), 1e-5);
    }

    [Fact]
    public void RunningMeanStdMatchesTheBatchFormula()
    {
        var rms = new DotGym.Wrappers.RunningMeanStd<double>(1);
        rms.Update<double>([1.0, 2.0, 3.0, 4.0], 4);
        // Starting from mean 0, var 1, count 1e-4: combined mean = 2.5 * 4 / 4.0001, variance ~ 1.25 + tiny.
        Assert.Equal(2.5 * 4 / 4.0001, rms.Mean[0], 12);
        double delta = 2.5, total = 4.0001;
        Assert.Equal((1e-4 * 1 + 1.25 * 4 + delta * delta * 1e-4 * 4 / total) / total, rms.Var[0], 12);
    }
}
