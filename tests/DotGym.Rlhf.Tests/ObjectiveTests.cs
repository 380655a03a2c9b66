using DotGym.Rlhf.Objectives;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

/// <summary>The RLHF objectives against values worked out by hand.</summary>
public class ObjectiveTests
{
    [Fact]
    public void AdaptiveKlControllerFollowsTrlsUpdate()
    {
        var kl = new AdaptiveKlController(initial: 0.2, target: 6, horizon: 10_000);
        kl.Update(meanSequenceKl: 9, sequences: 64);            // error = clip(9/6 - 1) = 0.2 (clipped from 0.5)
        Assert.Equal(0.2 * (1 + 0.2 * 64 / 10_000.0), kl.Value, 15);
        double before = kl.Value;
        kl.Update(meanSequenceKl: 5.4, sequences: 100);         // error = 5.4/6 - 1 = -0.1
        Assert.Equal(before * (1 - 0.1 * 100 / 10_000.0), kl.Value, 15);
        Assert.Throws<ArgumentException>(() => kl.Update(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveKlController(target: 0));
    }

    [Fact]
    public void FixedKlControllerNeverMoves()
    {
        var kl = new FixedKlController(0.05);
        kl.Update(100, 1000);
        Assert.Equal(0.05, kl.Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedKlController(-1));
    }

    [Fact]
    public void TokenRewardsPenaliseKlAndAddTheScoreAtTheLastRealToken()
    {
        using var logp = tensor(new float[] { -1f, -2f, -3f, -1f, -1f, -9f }).view(2, 3);
        using var refp = tensor(new float[] { -1.5f, -2f, -2f, -1f, -2f, -1f }).view(2, 3);
        using var mask = tensor(new float[] { 1, 1, 1, 1, 1, 0 }).view(2, 3); // sequence 1 has two tokens
        using var scores = tensor(new float[] { 10f, 20f });
        var (rewards, kl) = SequenceAdvantages.TokenRewards(logp, refp, scores, mask, beta: 0.1);
        Assert.Equal(new float[] { 0.5f, 0f, -1f, 0f, 1f, 0f }, kl.data<float>().ToArray());
        var expected = new float[] { -0.05f, 0f, 0.1f + 10f, 0f, -0.1f + 20f, 0f };
        var actual = rewards.data<float>().ToArray();
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 5);
    }

    [Fact]
    public void GaeWithGammaOneSumsTheFutureTdErrors()
    {
        // One sequence of 3 tokens: r = [0, 0, 1], V = [0.5, 0.25, 0.75], gamma 1, lambda 0.95, V after the end = 0.
        using var rewards = tensor(new float[] { 0, 0, 1 }).view(1, 3);
        using var values = tensor(new float[] { 0.5f, 0.25f, 0.75f }).view(1, 3);
        using var mask = ones(1, 3);
        var (advantages, returns) = SequenceAdvantages.Gae(rewards, values, mask, gamma: 1, lambda: 0.95);
        double d2 = 1 - 0.75, d1 = 0 + 0.75 - 0.25, d0 = 0 + 0.25 - 0.5;
        double a2 = d2, a1 = d1 + 0.95 * a2, a0 = d0 + 0.95 * a1;
        var a = advantages.data<float>().ToArray();
        Assert.Equal(a0, a[0], 5);
        Assert.Equal(a1, a[1], 5);
        Assert.Equal(a2, a[2], 5);
        Assert.Equal(a0 + 0.5, returns.data<float>()[0], 4);
    }

    [Fact]
    public void GaeIgnoresPaddingAfterTheEnd()
    {
        using var rewards = tensor(new float[] { 0, 2, 99 }).view(1, 3);
        using var values = tensor(new float[] { 1, 1, 99 }).view(1, 3);
        using var mask = tensor(new float[] { 1, 1, 0 }).view(1, 3);
        var (advantages, _) = SequenceAdvantages.Gae(rewards, values, mask, 1, 1);
        var a = advantages.data<float>().ToArray();
        Assert.Equal(new float[] { 2 + 1 - 1 - 1 + 0, 2 - 1, 0 }.Select(x => (double)x), a.Select(x => (double)x));
    }

    [Fact]
    public void WhiteningGivesMeanZeroAndUnitVarianceOverTheMask()
    {
        using var values = tensor(new float[] { 1, 2, 3, 100, 4, 5 }).view(2, 3);
        using var mask = tensor(new float[] { 1, 1, 1, 0, 1, 1 }).view(2, 3);
        var white = SequenceAdvantages.Whiten(values, mask);
        var kept = white.data<float>().ToArray().Where((_, k) => k != 3).Select(x => (double)x).ToArray();
        Assert.Equal(0, kept.Average(), 5);
        double variance = kept.Sum(x => x * x) / (kept.Length - 1);
        Assert.Equal(1, variance, 4);
        Assert.Equal(0f, white.data<float>()[3]);
    }

    [Fact]
    public void PairwiseLossIsMinusLogSigmoidOfTheMargin()
    {
        using var chosen = tensor(new float[] { 2f, 0f });
        using var rejected = tensor(new float[] { 1f, 0f });
        double expected = (-Math.Log(1 / (1 + Math.Exp(-1))) + Math.Log(2)) / 2;
        Assert.Equal(expected, PreferenceLosses.Pairwise(chosen, rejected).item<float>(), 5);
        Assert.Equal(0.75, PreferenceLosses.PairwiseAccuracy([2, 0], [1, 0]));
    }

    [Fact]
    public void DpoLossAtTheReferenceIsLog2()
    {
        using var lp = tensor(new float[] { -3f, -4f });
        var (loss, chosen, rejected) = PreferenceLosses.Dpo(lp, lp, lp, lp, beta: 0.1);
        Assert.Equal(Math.Log(2), loss.item<float>(), 5);
        Assert.Equal(0f, chosen.abs().max().item<float>());
        using var better = tensor(new float[] { -2f, -3f });
        var (improved, _, _) = PreferenceLosses.Dpo(better, lp, lp, lp, beta: 0.1);
        Assert.True(improved.item<float>() < Math.Log(2));
    }

    [Fact]
    public void GrpoNormalisesWithinEachGroupAndRlooLeavesOneOut()
    {
        using var rewards = tensor(new float[] { 1, 0, 0, 0, 5, 5, 5, 5 });
        var grpo = GroupBaselines.GrpoAdvantages(rewards, 4).data<float>().ToArray();
        double std = Math.Sqrt((0.75 * 0.75 + 3 * 0.25 * 0.25) / 3);
        Assert.Equal(0.75 / (std + 1e-4), grpo[0], 4);
        Assert.Equal(-0.25 / (std + 1e-4), grpo[1], 4);
        Assert.All(grpo.Skip(4), a => Assert.Equal(0, a, 6)); // a group with equal rewards teaches nothing
        var rloo = GroupBaselines.RlooAdvantages(rewards, 4).data<float>().ToArray();
        Assert.Equal(1f, rloo[0], 6);
        Assert.Equal(-1f / 3, rloo[1], 6);
        Assert.Throws<ArgumentException>(() => GroupBaselines.GrpoAdvantages(rewards, 3));
    }

    [Fact]
    public void K3KlIsZeroAtTheReferenceAndPositiveElsewhere()
    {
        using var logp = tensor(new float[] { -1f, -2f, -0.5f });
        using var refp = tensor(new float[] { -1f, -1f, -3f });
        var k3 = GroupBaselines.K3Kl(logp, refp).data<float>().ToArray();
        Assert.Equal(0f, k3[0]);
        Assert.True(k3[1] > 0 && k3[2] > 0);
        Assert.Equal(Math.Exp(1) - 1 - 1, k3[1], 5);
    }

    [Fact]
    public void MismatchedShapesGetClearErrors()
    {
        using var a = zeros(2, 3);
        using var mask = ones(2, 4);
        var e = Assert.Throws<ArgumentException>(() => SequenceAdvantages.Gae(a, a, mask));
        Assert.Contains("mask's shape", e.Message);
        Assert.Throws<ArgumentException>(() => PreferenceLosses.Pairwise(zeros(2), zeros(3)));
    }
}
