namespace DotGym.Rlhf.Pipeline;

/// <summary>What <c>summary.json</c> holds: every stage's headline numbers, from the stages' result files.</summary>
public sealed record RlhfSummary
{
    public long Seed { get; init; }
    public double SftValidationLoss { get; init; }
    public double SftEosRate { get; init; }
    public int ArithmeticSftSteps { get; init; }
    public double SentimentAccuracy { get; init; }
    public double RmPairwiseAccuracy { get; init; }
    public double RmLabelAgreement { get; init; }
    public double RewardMeanBefore { get; init; }
    public double RewardMeanAfter { get; init; }
    public double KlFinal { get; init; }
    public double GoldBefore { get; init; }
    public double GoldAfter { get; init; }
    public double Distinct2Sft { get; init; }
    public double Distinct2Final { get; init; }
    public double GrpoAccuracyBefore { get; init; }
    public double GrpoAccuracyAfter { get; init; }
    public double GrpoGreedyAccuracyBefore { get; init; }
    public double GrpoGreedyAccuracyAfter { get; init; }
    public double RlooAccuracyAfter { get; init; }
    public double RlooGreedyAccuracyAfter { get; init; }
    public double DpoRewardMeanAfter { get; init; }
    public double DpoGoldAfter { get; init; }
    public double DpoDistinct2 { get; init; }
    public double WallSeconds { get; init; }
    public string Device { get; init; } = "cpu";
}
