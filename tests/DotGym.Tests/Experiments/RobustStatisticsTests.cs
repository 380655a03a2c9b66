using DotGym.Experiments.Statistics;

namespace DotGym.Tests.Experiments;

/// <summary>IQM, trimmed means, percentiles and the stratified bootstrap against hand-computed values.</summary>
public class RobustStatisticsTests
{
    [Fact]
    public void InterquartileMeanDropsAQuarterFromEachEnd()
    {
        // n = 8: drop 2 low (1, 2) and 2 high (7, 8); mean of 3..6 = 4.5
        Assert.Equal(4.5, RobustStatistics.InterquartileMean([8, 1, 7, 2, 6, 3, 5, 4]));
        // n = 5: floor(1.25) = 1 from each end; mean of 2, 3, 10 = 5 (the 100 outlier is ignored)
        Assert.Equal(5.0, RobustStatistics.InterquartileMean([10, 1, 2, 3, 100]));
        // n = 3: floor(0.75) = 0, nothing trimmed
        Assert.Equal(2.0, RobustStatistics.InterquartileMean([1, 2, 3]));
    }

    [Fact]
    public void DescribeGivesMeanSampleStdAndMedian()
    {
        var (mean, std, median) = RobustStatistics.Describe([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5.0, mean);
        Assert.Equal(Math.Sqrt(32.0 / 7.0), std, 12); // sum of squared deviations 32, n - 1 = 7
        Assert.Equal(4.5, median);
    }

    [Fact]
    public void PercentileInterpolatesLinearlyLikeNumpy()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, StratifiedBootstrap.Percentile(sorted, 0.5));
        Assert.Equal(1.075, StratifiedBootstrap.Percentile(sorted, 0.025), 12); // position 0.075
        Assert.Equal(4.0, StratifiedBootstrap.Percentile(sorted, 1.0));
    }

    [Fact]
    public void StratificationKeepsEachEnvsShareOfRuns()
    {
        // Within each stratum all runs are equal, so every stratified resample has the same mean: (0+0+10+10)/4 = 5.
        // An unstratified bootstrap would draw e.g. four zeros and widen the interval.
        var ci = StratifiedBootstrap.Interval([[0, 0], [10, 10]], v => v.Average(), resamples: 500, seed: 3);
        Assert.Equal(new ConfidenceInterval(5, 5, 5, 0.95), ci);
    }

    [Fact]
    public void IntervalBracketsTheEstimateAndRepeatsExactly()
    {
        IReadOnlyList<IReadOnlyList<double>> scores = [[500, 480, 120, 500, 499, 350, 500, 470, 500, 10]];
        var first = StratifiedBootstrap.Interval(scores, RobustStatistics.InterquartileMean, seed: 7);
        var second = StratifiedBootstrap.Interval(scores, RobustStatistics.InterquartileMean, seed: 7);
        Assert.Equal(first, second);
        Assert.Equal(RobustStatistics.InterquartileMean(scores[0]), first.Estimate);
        Assert.True(first.Lower <= first.Estimate && first.Estimate <= first.Upper, $"{first}");
        Assert.True(first.Lower < first.Upper, "a spread-out sample must give a non-degenerate interval");
    }

    [Fact]
    public void BadInputIsRejectedClearly()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => RobustStatistics.InterquartileMean([])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => RobustStatistics.InterquartileMean([1, double.NaN])).Message);
        Assert.Throws<ArgumentException>(() => StratifiedBootstrap.Interval([[1.0], []], v => v.Average()));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedBootstrap.Interval([[1.0]], v => v.Average(), level: 1.5));
    }
}
